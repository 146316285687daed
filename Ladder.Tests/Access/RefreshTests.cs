using System.Net.WebSockets;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.Access;

/// <summary><c>refresh</c> (v1.1): a new token for the same user keeps the session and its rooms past the old
/// token's expiry; a token for another user, or an invalid one, closes the session with 1008.</summary>
[Collection(LadderCollection.Name)]
public sealed class RefreshTests(LadderAppFixture fixture)
{
    [Fact]
    public async Task ARefreshedSessionOutlivesItsFirstTokenInItsRooms()
    {
        var user = Grants.User("ref");
        var room = Rooms.New();
        var key = await TestTokens.SigningKeyAsync(fixture.App);
        var firstExpiry = DateTimeOffset.UtcNow.AddSeconds(3);
        await using var socket = await TestSocket.ConnectAsync(fixture.ChatNode(1), user, TestTokens.Sign(key, user, firstExpiry));
        await socket.JoinAsync(room);

        var later = DateTimeOffset.UtcNow.AddMinutes(10);
        await socket.SendAsync(new { type = "refresh", token = TestTokens.Sign(key, user, later) });
        var refreshed = await socket.NextAsync("refreshed");
        Assert.Equal(later.ToUnixTimeSeconds(), DateTimeOffset.Parse((string)refreshed["expiresAt"]!).ToUnixTimeSeconds());

        // Past the first token's expiry (when it would have closed with 4001), the session is still in its room.
        while (DateTimeOffset.UtcNow < firstExpiry.AddSeconds(2))
        {
            await socket.SendAsync(new { type = "ping" });
            await socket.NextAsync("pong");
        }

        using var http = await Posting.ClientAsync(fixture.ChatNode(2), Grants.User("poster"));
        var seq = await Posting.OneAsync(http, room, "r-1", "still there?");
        Assert.Equal(seq, (ulong)(await socket.NextAsync("message"))["seq"]!);
        Assert.Null(socket.CloseStatus);
    }

    [Fact]
    public async Task ARefreshToAnotherUserClosesTheSession()
    {
        var user = Grants.User("own");
        var key = await TestTokens.SigningKeyAsync(fixture.App);
        await using var socket = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);

        await socket.SendAsync(new { type = "refresh", token = TestTokens.Sign(key, Grants.User("else"), DateTimeOffset.UtcNow.AddMinutes(10)) });

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await socket.WaitClosedAsync());
    }

    [Fact]
    public async Task ARefreshWithAnInvalidTokenClosesTheSession()
    {
        var user = Grants.User("inv");
        await using var socket = await TestSocket.ConnectAsync(fixture.ChatNode(2), user);

        await socket.SendAsync(new { type = "refresh", token = TestTokens.Sign(new string('q', 48), user, DateTimeOffset.UtcNow.AddMinutes(10)) });

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await socket.WaitClosedAsync());
    }
}
