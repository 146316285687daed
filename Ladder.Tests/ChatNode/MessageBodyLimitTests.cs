using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

/// <summary><c>POST /rooms/{room}/messages</c> reads a body only after the token checked out, and only up to what the
/// longest send needs (<c>Chat:MaxMessageBodyBytes</c>, by default 6 × MaxTextLength + 1024 = 25,600 bytes).</summary>
[Collection(LadderCollection.Name)]
public sealed class MessageBodyLimitTests(LadderAppFixture fixture)
{
    private const int MaxTextLength = 4096;
    private const int MaxBodyBytes = (6 * MaxTextLength) + 1024;

    [Fact]
    public async Task ABigBodyWithoutATokenIs401()
    {
        using var http = fixture.CreateHttpClient("chat-1");

        using var response = await http.PostAsync($"/rooms/{Rooms.New()}/messages", Padded("no-token", 10 * MaxBodyBytes));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ABodyAtTheLimitIsReadAndOneByteMoreIs413()
    {
        using var http = await Posting.ClientAsync(fixture.ChatNode(1), "bodylimit");
        var room = Rooms.New();

        using var atLimit = await http.PostAsync($"/rooms/{room}/messages", Padded("at-limit", MaxBodyBytes));
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);

        using var over = await http.PostAsync($"/rooms/{room}/messages", Padded("over", MaxBodyBytes + 1));
        await AssertTooLargeAsync(over);

        using var chunked = new HttpRequestMessage(HttpMethod.Post, $"/rooms/{room}/messages") { Content = Padded("chunked", MaxBodyBytes + 1) };
        chunked.Headers.TransferEncodingChunked = true;
        using var overChunked = await http.SendAsync(chunked);
        await AssertTooLargeAsync(overChunked);
    }

    [Fact]
    public async Task TheLongestTextWithEveryCharacterEscapedFitsTheDefault()
    {
        using var http = await Posting.ClientAsync(fixture.ChatNode(2), "escaped");
        var body = "{\"clientMsgId\":\"escaped-all\",\"text\":\"" + string.Concat(Enumerable.Repeat("\\u00e9", MaxTextLength)) + "\"}";
        using var content = new StringContent(body, Encoding.ASCII, new MediaTypeHeaderValue("application/json"));

        using var response = await http.PostAsync($"/rooms/{Rooms.New()}/messages", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static StringContent Padded(string clientMsgId, int bytes)
    {
        var start = $$"""{"clientMsgId":"{{clientMsgId}}","text":"padded" """;
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
