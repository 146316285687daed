using System.Net;
using System.Net.Http.Json;
using Ladder.Tests.Admin;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

/// <summary>Without <c>Chat:DevTokens</c> there is no <c>POST /dev/token</c> at all: 404 on every node, whatever the
/// name asked for, while the node itself is up. Runs on the moderation platform, which has them off.</summary>
[Collection(ModerationCollection.Name)]
public sealed class DevTokensOffTests(ModerationAppFixture fixture)
{
    [Theory]
    [InlineData("chat-1", "alice")]
    [InlineData("chat-2", "admin")]
    public async Task DevTokenIs404WhenDevTokensIsOff(string node, string user)
    {
        using var http = fixture.CreateHttpClient(node);
        using var health = await http.GetAsync("/health");
        using var response = await http.PostAsJsonAsync("/dev/token", new { user });

        Assert.True(health.IsSuccessStatusCode, $"/health: {(int)health.StatusCode}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("token", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
