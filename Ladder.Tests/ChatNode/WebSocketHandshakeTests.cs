using System.Net;
using System.Net.Http.Headers;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

/// <summary>The node does the RFC 6455 handshake itself: a handshake it cannot accept is a clear 400, not a hang.</summary>
[Collection(LadderCollection.Name)]
public sealed class WebSocketHandshakeTests(LadderAppFixture fixture)
{
    [Theory]
    [InlineData("8", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version must be 13")]
    [InlineData("13", "short", "not a valid WebSocket handshake")]
    public async Task AnUnacceptableHandshakeIsRefusedWith400(string version, string key, string reason)
    {
        var node = fixture.ChatNode(1);
        var token = await TestSocket.TokenAsync(node, "handshake");
        using var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ws");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", version);
        request.Headers.Add("Sec-WebSocket-Key", key);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        if (version != "13")
        {
            Assert.Equal("13", Assert.Single(response.Headers.GetValues("Sec-WebSocket-Version")));
        }
    }
}
