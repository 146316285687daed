using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

[Collection(LadderCollection.Name)]
public sealed class AuthTests(LadderAppFixture fixture)
{
    [Fact]
    public async Task AnUpgradeWithoutATokenIs401()
    {
        using var http = fixture.CreateHttpClient("chat-1");
        using var response = await http.GetAsync("/ws");
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", body!["code"]);
    }

    [Fact]
    public async Task ExpiredOrForeignlySignedTokensAreRefusedBeforeTheUpgrade()
    {
        var key = await TestTokens.SigningKeyAsync(fixture.App);
        string[] refused =
        [
            TestTokens.Sign(key, "eve", DateTimeOffset.UtcNow.AddMinutes(-1)),
            TestTokens.Sign(new string('k', 48), "eve", DateTimeOffset.UtcNow.AddHours(1)),
            TestTokens.Sign(key, "eve", DateTimeOffset.UtcNow.AddHours(1), audience: "someone-else"),
            "not.a.token",
        ];

        foreach (var token in refused)
        {
            var exception = await Assert.ThrowsAsync<WebSocketException>(() => TestSocket.ConnectAsync(fixture.ChatNode(1), "eve", token));
            Assert.Contains("401", exception.Message);
        }
    }

    [Fact]
    public async Task ATokenIsRefusedBeforeItsNotBeforeTimeAndAcceptedOnceItPassed()
    {
        var key = await TestTokens.SigningKeyAsync(fixture.App);
        var early = TestTokens.Sign(key, "early", DateTimeOffset.UtcNow.AddHours(1), notBefore: DateTimeOffset.UtcNow.AddMinutes(10));
        var due = TestTokens.Sign(key, "early", DateTimeOffset.UtcNow.AddHours(1), notBefore: DateTimeOffset.UtcNow.AddSeconds(-1));

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => TestSocket.ConnectAsync(fixture.ChatNode(1), "early", early));
        Assert.Contains("401", refused.Message);
        using var http = fixture.CreateHttpClient("chat-2");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/rooms/{Rooms.New()}/messages");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", early);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        await using var accepted = await TestSocket.ConnectAsync(fixture.ChatNode(1), "early", due);
    }

    [Fact]
    public async Task TheTokenMayComeAsAccessTokenQueryParameter()
    {
        var token = await TestSocket.TokenAsync(fixture.ChatNode(2), "browser");
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await socket.ConnectAsync(new Uri(fixture.ChatNode(2).ToWebSocket(), $"/ws?access_token={token}"), timeout.Token);
        var buffer = new byte[4096];
        var result = await socket.ReceiveAsync(buffer, timeout.Token);

        Assert.Contains("\"welcome\"", System.Text.Encoding.UTF8.GetString(buffer, 0, result.Count));
        Assert.Contains("\"user\":\"browser\"", System.Text.Encoding.UTF8.GetString(buffer, 0, result.Count));
    }

    [Fact]
    public async Task AForeignOriginIs403AndTheNodesOwnOriginsAreAllowed()
    {
        var token = await TestSocket.TokenAsync(fixture.ChatNode(1), "browser");

        using var foreign = new ClientWebSocket();
        foreign.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        foreign.Options.SetRequestHeader("Origin", "https://evil.example");
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => foreign.ConnectAsync(new Uri(fixture.ChatNode(1).ToWebSocket(), "/ws"), CancellationToken.None));
        Assert.Contains("403", refused.Message);

        foreach (var origin in new[] { fixture.ChatNode(1), fixture.ChatNode(2) })
        {
            using var own = new ClientWebSocket();
            own.Options.SetRequestHeader("Authorization", $"Bearer {token}");
            own.Options.SetRequestHeader("Origin", $"http://127.0.0.1:{origin.Port}");
            await own.ConnectAsync(new Uri(fixture.ChatNode(1).ToWebSocket(), "/ws"), CancellationToken.None);
            Assert.Equal(WebSocketState.Open, own.State);
        }
    }

    [Fact]
    public async Task ATokenThatExpiresDuringTheSessionClosesItWith4001()
    {
        var key = await TestTokens.SigningKeyAsync(fixture.App);
        var token = TestTokens.Sign(key, "shortlived", DateTimeOffset.UtcNow.AddSeconds(3));

        await using var client = await TestSocket.ConnectAsync(fixture.ChatNode(1), "shortlived", token);
        var status = await client.WaitClosedAsync(TimeSpan.FromSeconds(20));

        Assert.Equal((WebSocketCloseStatus)4001, status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ünïcode")]
    public async Task ADevTokenNeedsAValidUserName(string user)
    {
        using var http = fixture.CreateHttpClient("chat-1");
        using var response = await http.PostAsJsonAsync("/dev/token", new { user });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
