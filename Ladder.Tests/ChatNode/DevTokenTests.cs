using System.Net;
using System.Net.Http.Json;
using System.Text;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

/// <summary><c>POST /dev/token</c> mints an identity without a password, so it refuses the names people take for staff,
/// answers only under a Host named in <c>AllowedHosts</c> (not a DNS-rebinding name) and reads only small bodies.</summary>
[Collection(LadderCollection.Name)]
public sealed class DevTokenTests(LadderAppFixture fixture)
{
    private const int MaxBodyBytes = 8 * 1024;

    [Theory]
    [InlineData("admin")]
    [InlineData("Admin")]
    [InlineData("MODERATOR")]
    [InlineData("system")]
    public async Task AReservedNameIsRefusedWith403InAnyCase(string user)
    {
        using var http = fixture.CreateHttpClient("chat-1");
        using var response = await http.PostAsJsonAsync("/dev/token", new { user });
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("forbidden", body!["code"]);
        Assert.Contains("reserved", body["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANameThatOnlyContainsAReservedOneGetsAToken()
    {
        using var http = fixture.CreateHttpClient("chat-1");
        using var response = await http.PostAsJsonAsync("/dev/token", new { user = "administrator" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AForeignHostGetsNoToken()
    {
        var node = fixture.ChatNode(1);
        using var http = fixture.CreateHttpClient("chat-1");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dev/token") { Content = JsonContent.Create(new { user = "rebound" }) };
        request.Headers.Host = $"evil.example:{node.Port}";

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyHostIsNotANamedHostAndGets403()
    {
        // Host filtering lets an empty Host through (HTTP/1.1 allows it); a token still needs a named one.
        using var timeout = new CancellationTokenSource(TestSocket.DefaultTimeout);
        const string body = """{"user":"nameless"}""";
        var request = $"POST /dev/token HTTP/1.1\r\nHost:\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";

        var head = await RawHttp.SendAsync(fixture.ChatNode(1), request, timeout.Token);

        Assert.Equal(403, RawHttp.Status(head));
    }

    [Fact]
    public async Task ABodyAtTheLimitIsReadAndOneByteMoreIs413()
    {
        using var http = fixture.CreateHttpClient("chat-2");

        using var atLimit = await http.PostAsync("/dev/token", PaddedBody(MaxBodyBytes));
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);

        using var over = await http.PostAsync("/dev/token", PaddedBody(MaxBodyBytes + 1));
        await AssertTooLargeAsync(over);

        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/dev/token") { Content = PaddedBody(MaxBodyBytes + 1) };
        chunked.Headers.TransferEncodingChunked = true;
        using var overChunked = await http.SendAsync(chunked);
        await AssertTooLargeAsync(overChunked);
    }

    private static StringContent PaddedBody(int bytes)
    {
        const string start = """{"user":"padded" """;
        var content = new StringContent(start + new string(' ', bytes - start.Length - 1) + "}", Encoding.ASCII, "application/json");
        Assert.Equal(bytes, content.Headers.ContentLength);
        return content;
    }

    private static async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>();
        Assert.Equal("too_large", body!["code"]);
    }
}
