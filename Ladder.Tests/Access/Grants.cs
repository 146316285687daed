using System.Text.Json.Nodes;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.Access;

/// <summary>Names and tokens for the access tests: what an app's backend would mint, signed with the platform's key.</summary>
public static class Grants
{
    /// <summary>A fresh user id, unique per test (presence and connection counts are per user).</summary>
    public static string User(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..16];

    /// <summary>A fresh room of the private <c>team</c> namespace.</summary>
    public static string TeamRoom() => "team:" + Rooms.New("acme");

    public static async Task<string> GrantAsync(LadderAppFixture fixture, string user, string room, bool send, DateTimeOffset? expiresAt = null) =>
        TestTokens.Grant(await TestTokens.SigningKeyAsync(fixture.App), user, room, send, expiresAt);

    /// <summary>A connection token with a <c>rooms</c> claim.</summary>
    public static async Task<string> TokenWithRoomsAsync(LadderAppFixture fixture, string user, Dictionary<string, string> rooms) =>
        TestTokens.Sign(await TestTokens.SigningKeyAsync(fixture.App), user, DateTimeOffset.UtcNow.AddMinutes(10),
            claims: new Dictionary<string, object> { ["rooms"] = rooms });

    /// <summary>Asserts a <c>forbidden</c> error with the reason.</summary>
    public static void AssertForbidden(JsonObject error, string reason)
    {
        Assert.True((string?)error["type"] == "error", error.ToJsonString());
        Assert.Equal("forbidden", (string?)error["code"]);
        Assert.Equal(reason, (string?)error["reason"]);
    }
}
