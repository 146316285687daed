using System.Net;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

/// <summary>
/// DNS rebinding: a page at <c>http://evil.example:5101</c> whose name resolves to 127.0.0.1 sends its own name as Host
/// and Origin. The node answers only its allowed hosts (loopback names unless <c>AllowedHosts</c> says otherwise), on
/// every path including the direct WebSocket upgrade, and an Origin counts only when it is configured.
/// </summary>
[Collection(LadderCollection.Name)]
public sealed class HostRestrictionTests(LadderAppFixture fixture)
{
    [Theory]
    [InlineData("evil.example", HttpStatusCode.BadRequest)]
    [InlineData("localhost", HttpStatusCode.OK)]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    public async Task AnHttpRequestIsAnsweredOnlyUnderAnAllowedHost(string host, HttpStatusCode expected)
    {
        var node = fixture.ChatNode(1);
        using var http = fixture.CreateHttpClient("chat-1");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/alive");
        request.Headers.Host = $"{host}:{node.Port}";

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task AWebSocketUpgradeUnderAForeignHostIs400EvenWithAValidToken()
    {
        var node = fixture.ChatNode(1);
        var token = await TestSocket.TokenAsync(node, "rebound");
        using var timeout = new CancellationTokenSource(TestSocket.DefaultTimeout);

        var head = await RawHttp.SendAsync(node, RawHttp.Upgrade(
            $"/ws?access_token={token}", $"evil.example:{node.Port}", $"Origin: http://evil.example:{node.Port}\r\n"), timeout.Token);

        Assert.Equal(400, RawHttp.Status(head));
    }

    [Fact]
    public async Task AnOriginThatMatchesTheHostButIsNotConfiguredIs403()
    {
        // 127.0.0.1 is an allowed host (ports are not compared), but no node's origin is on port 1.
        var node = fixture.ChatNode(2);
        var token = await TestSocket.TokenAsync(node, "samehost");
        using var timeout = new CancellationTokenSource(TestSocket.DefaultTimeout);

        var head = await RawHttp.SendAsync(node, RawHttp.Upgrade(
            $"/ws?access_token={token}", "127.0.0.1:1", "Origin: http://127.0.0.1:1\r\n"), timeout.Token);

        Assert.Equal(403, RawHttp.Status(head));
    }
}
