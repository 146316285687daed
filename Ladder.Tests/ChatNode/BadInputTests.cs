using System.Net.WebSockets;
using System.Text;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

/// <summary>Every bad input of protocol v1 gets its documented error, the connection keeps working, and nothing
/// refused reaches the log.</summary>
[Collection(LadderCollection.Name)]
public sealed class BadInputTests(LadderAppFixture fixture)
{
    private const int MaxText = 4096;
    private const int MaxFrameBytes = 64 * 1024;

    [Theory]
    [InlineData("not json", "bad_frame", null)]
    [InlineData("[1,2]", "bad_frame", null)]
    [InlineData("\"send\"", "bad_frame", null)]
    [InlineData("{\"room\":\"x\"}", "bad_frame", null)]
    [InlineData("{\"type\":42}", "bad_frame", null)]
    [InlineData("{\"type\":\"shout\"}", "unknown_type", "shout")]
    [InlineData("{\"type\":\"join\"}", "bad_frame", "join")]
    [InlineData("{\"type\":\"join\",\"room\":\"Bad Room\"}", "invalid_room", "join")]
    [InlineData("{\"type\":\"join\",\"room\":\"ok\",\"lastKnownId\":\"12\"}", "bad_frame", "join")]
    [InlineData("{\"type\":\"join\",\"room\":\"ok\",\"lastKnownId\":-1}", "bad_frame", "join")]
    [InlineData("{\"type\":\"leave\",\"room\":\"never-joined\"}", "not_joined", "leave")]
    [InlineData("{\"type\":\"typing\",\"room\":\"never-joined\"}", "not_joined", "typing")]
    [InlineData("{\"type\":\"send\",\"room\":\"never-joined\",\"clientMsgId\":\"c1\",\"text\":\"hi\"}", "not_joined", "c1")]
    [InlineData("{\"type\":\"history\",\"room\":\"ok\",\"limit\":0}", "bad_frame", "history")]
    [InlineData("{\"type\":\"history\",\"room\":\"ok\",\"limit\":201}", "bad_frame", "history")]
    [InlineData("{\"type\":\"hello\",\"resume\":[1]}", "bad_frame", "hello")]
    [InlineData("{\"type\":\"hello\",\"resume\":{\"UPPER\":1}}", "invalid_room", "hello")]
    [InlineData("{\"type\":\"send\",\"room\":\"ok\",\"clientMsgId\":\"c1\",\"text\":\"\\ud800\"}", "bad_frame", null)]
    [InlineData("{\"type\":\"join\",\"room\":\"\\udc00\"}", "bad_frame", null)]
    [InlineData("{\"type\":\"ping\",\"\\ud800\":1}", "bad_frame", null)]
    [InlineData("{\"type\":\"hello\",\"resume\":{\"\\ud83d\":1}}", "bad_frame", null)]
    public async Task ABadFrameGetsItsErrorAndTheConnectionKeepsWorking(string frame, string code, string? reference)
    {
        await using var client = await TestSocket.ConnectAsync(fixture.ChatNode(1), "mallory");

        await client.SendRawAsync(frame);
        var error = await client.NextAsync("error");
        await client.SendAsync(new { type = "ping" });
        var pong = await client.NextAsync("pong");

        Assert.Equal(code, (string?)error["code"]);
        Assert.Equal(reference, (string?)error["ref"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)error["message"]));
        Assert.Equal("pong", (string?)pong["type"]);
    }

    [Fact]
    public async Task RefusedSendsNeverReachTheLog()
    {
        var room = Rooms.New();
        await using var client = await TestSocket.ConnectAsync(fixture.ChatNode(1), "mallory");
        await client.JoinAsync(room);

        var tooLong = await client.SendMessageAsync(room, "long", new string('x', MaxText + 1));
        var empty = await client.SendMessageAsync(room, "empty", "");
        var blank = await client.SendMessageAsync(room, "blank", " \n\t ");
        var badId = await client.SendMessageAsync(room, "tab\tid", "hello");
        var longId = await client.SendMessageAsync(room, new string('i', 65), "hello");
        await client.SendRawAsync($"{{\"type\":\"send\",\"room\":\"{room}\",\"text\":\"no id\"}}");
        var noId = await client.AnswerAsync("send");
        await client.SendRawAsync($"{{\"type\":\"send\",\"room\":\"{room}\",\"clientMsgId\":\"n\",\"text\":7}}");
        var numericText = await client.AnswerAsync("n");
        var edge = await client.SendAckedAsync(room, "edge", new string('y', MaxText));

        Assert.Equal("too_large", (string?)tooLong["code"]);
        Assert.Equal("bad_frame", (string?)empty["code"]);
        Assert.Equal("bad_frame", (string?)blank["code"]);
        Assert.Equal("bad_frame", (string?)badId["code"]);
        Assert.Equal("bad_frame", (string?)longId["code"]);
        Assert.Equal("bad_frame", (string?)noId["code"]);
        Assert.Equal("bad_frame", (string?)numericText["code"]);
        Assert.Equal("n", (string?)numericText["ref"]);

        // Only the message at the limit was stored: a fresh resume from 0 replays it alone.
        await using var reader = await TestSocket.ConnectAsync(fixture.ChatNode(2), "reader");
        await reader.JoinAsync(room, 0);
        var only = await reader.NextAsync("message");
        var synced = await reader.NextAsync("synced");
        Assert.Equal((ulong)edge["seq"]!, (ulong)only["seq"]!);
        Assert.Equal(MaxText, ((string?)only["text"])!.Length);
        Assert.Equal((ulong)edge["seq"]!, (ulong)synced["seq"]!);
    }

    /// <summary>PostgreSQL cannot store NUL, and a lone surrogate has no UTF-8 form: such a text is refused at send,
    /// over the socket and over HTTP, instead of being acked and then lost to history.</summary>
    [Theory]
    [InlineData(@"nul \u0000 inside")]
    [InlineData(@"\u0000")]
    [InlineData(@"lone \ud800 high")]
    [InlineData(@"lone \udc00 low")]
    public async Task ATextWithNulOrAnUnpairedSurrogateIsBadFrameOverBothTransports(string escapedText)
    {
        var room = Rooms.New();
        await using var client = await TestSocket.ConnectAsync(fixture.ChatNode(1), "mallory");
        await client.JoinAsync(room);

        await client.SendRawAsync($"{{\"type\":\"send\",\"room\":\"{room}\",\"clientMsgId\":\"odd\",\"text\":\"{escapedText}\"}}");
        var overSocket = await client.NextAsync("error");
        using var http = await Posting.ClientAsync(fixture.ChatNode(2), "mallory");
        using var overHttp = await http.PostAsync($"/rooms/{room}/messages", new StringContent(
            $"{{\"clientMsgId\":\"odd-http\",\"text\":\"{escapedText}\"}}", Encoding.UTF8, "application/json"));

        Assert.Equal("bad_frame", (string?)overSocket["code"]);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, overHttp.StatusCode);
        Assert.Contains("bad_frame", await overHttp.Content.ReadAsStringAsync());
        Assert.DoesNotContain(client.All(), frame => (string?)frame["type"] is "ack" or "message");
    }

    [Fact]
    public async Task TextIsStoredAsSentNotTrimmed()
    {
        var room = Rooms.New();
        await using var client = await TestSocket.ConnectAsync(fixture.ChatNode(1), "poet");
        await client.JoinAsync(room);

        await client.SendAckedAsync(room, "spaces", "  two spaces, a tab\t and émoji 🎉  ");
        var echoed = await client.NextAsync("message");

        Assert.Equal("  two spaces, a tab\t and émoji 🎉  ", (string?)echoed["text"]);
    }

    [Fact]
    public async Task ABinaryFrameIsRefusedAndTheConnectionStays()
    {
        await using var client = await TestSocket.ConnectAsync(fixture.ChatNode(1), "mallory");

        await client.SendBytesAsync("{\"type\":\"ping\"}"u8.ToArray(), WebSocketMessageType.Binary);
        var error = await client.NextAsync("error");
        await client.SendAsync(new { type = "ping" });

        Assert.Equal("bad_frame", (string?)error["code"]);
        await client.NextAsync("pong");
    }

    [Fact]
    public async Task AFrameAtTheFrameLimitIsReadAndOneByteMoreCloses1009()
    {
        await using var client = await TestSocket.ConnectAsync(fixture.ChatNode(1), "mallory");
        var atLimit = Padded("{\"type\":\"ping\",\"pad\":\"", "\"}", MaxFrameBytes);
        await client.SendBytesAsync(atLimit, WebSocketMessageType.Text);
        await client.NextAsync("pong");

        var over = Padded("{\"type\":\"ping\",\"pad\":\"", "\"}", MaxFrameBytes + 1);
        await client.SendBytesAsync(over, WebSocketMessageType.Text);
        var status = await client.WaitClosedAsync();

        Assert.Equal((WebSocketCloseStatus)1009, status);
    }

    private static byte[] Padded(string head, string tail, int totalBytes)
    {
        var padding = totalBytes - Encoding.UTF8.GetByteCount(head) - Encoding.UTF8.GetByteCount(tail);
        return Encoding.UTF8.GetBytes(head + new string('p', padding) + tail);
    }
}
