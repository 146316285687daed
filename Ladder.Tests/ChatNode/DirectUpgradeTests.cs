using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

/// <summary>
/// A WebSocket on <c>/ws</c> is accepted on the bare connection, before Kestrel's HTTP server (which would add its
/// <c>Server</c> and <c>Date</c> headers to the 101): a head that arrives in pieces, a token in the query or in the
/// Authorization header, and the chat working over it.
/// </summary>
[Collection(LadderCollection.Name)]
public sealed class DirectUpgradeTests(LadderAppFixture fixture)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AHandshakeSentInPiecesIsAcceptedOnTheBareConnectionAndChats(bool tokenInQuery)
    {
        var node = fixture.ChatNode(1);
        var user = $"direct-{tokenInQuery}-{Guid.NewGuid():N}"[..24];
        var token = await TestSocket.TokenAsync(node, user);
        using var client = new TcpClient();
        await client.ConnectAsync(node.Host, node.Port);
        var stream = client.GetStream();
        var target = tokenInQuery ? $"/ws?access_token={Uri.EscapeDataString(token)}" : "/ws";
        var head = $"GET {target} HTTP/1.1\r\nHost: {node.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
            (tokenInQuery ? "" : $"Authorization: Bearer {token}\r\n") + "\r\n";
        var bytes = Encoding.ASCII.GetBytes(head);
        foreach (var piece in new[] { bytes[..3], bytes[3..40], bytes[40..^1], bytes[^1..] })
        {
            await stream.WriteAsync(piece);
            await stream.FlushAsync();
            // Deliberately spaced, so each piece arrives in a read of its own.
            await Task.Delay(50);
        }

        using var timeout = new CancellationTokenSource(TestSocket.DefaultTimeout);
        var response = await ReadHeadAsync(stream, timeout.Token);
        Assert.StartsWith("HTTP/1.1 101 ", response, StringComparison.Ordinal);
        Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", response, StringComparison.Ordinal);
        Assert.DoesNotContain("Server:", response, StringComparison.OrdinalIgnoreCase);

        var welcome = await ReadTextFrameAsync(stream, timeout.Token);
        Assert.Equal("welcome", welcome["type"]!.GetValue<string>());
        Assert.Equal(user, welcome["user"]!.GetValue<string>());

        await WriteMaskedTextAsync(stream, """{"type":"join","room":"direct-room"}""", timeout.Token);
        var joined = await ReadTextFrameAsync(stream, timeout.Token);
        while (joined["type"]!.GetValue<string>() != "joined")
        {
            joined = await ReadTextFrameAsync(stream, timeout.Token);
        }

        Assert.Equal("direct-room", joined["room"]!.GetValue<string>());
    }

    /// <summary>Kestrel's defaults: the request line with its CRLF, the header lines with theirs, the header count.</summary>
    private const int MaxRequestLine = 8 * 1024;
    private const int MaxHeaderBytes = 32 * 1024;
    private const int MaxHeaderCount = 100;

    [Theory]
    [InlineData("request line", 414)]
    [InlineData("header bytes", 431)]
    [InlineData("header count", 431)]
    [InlineData("no host", 400)]
    public async Task AHeadKestrelWouldRefuseIsRefusedAsKestrelDoesEvenWithAValidToken(string excess, int status)
    {
        var node = fixture.ChatNode(1);
        var token = await TestSocket.TokenAsync(node, "oversized");
        var request = excess switch
        {
            // Each of these stays under the old combined limit (line + headers), which let them through.
            "request line" => RawHttp.Upgrade($"/ws?access_token={token}&pad={new string('a', 10_000)}", node.Authority),
            "header bytes" => RawHttp.Upgrade($"/ws?access_token={token}", node.Authority, Pad(34, 1000)),
            "header count" => RawHttp.Upgrade($"/ws?access_token={token}", node.Authority, Pad(MaxHeaderCount, 1)),
            _ => RawHttp.Upgrade($"/ws?access_token={token}", host: null),
        };
        using var timeout = new CancellationTokenSource(TestSocket.DefaultTimeout);

        var head = await RawHttp.SendAsync(node, request, timeout.Token);

        Assert.Equal(status, RawHttp.Status(head));
    }

    [Theory]
    [InlineData("request line")]
    [InlineData("header bytes")]
    [InlineData("header count")]
    public async Task AHeadExactlyAtKestrelsLimitsIsStillTakenOnTheBareConnection(string edge)
    {
        var node = fixture.ChatNode(2);
        var token = await TestSocket.TokenAsync(node, "edge");
        var target = $"/ws?access_token={token}";
        var plain = RawHttp.Upgrade(target, node.Authority);
        var headerLines = plain.Length - $"GET {target} HTTP/1.1\r\n".Length - 2;
        var request = edge switch
        {
            "request line" => RawHttp.Upgrade(target + "&pad=" + new string('a', MaxRequestLine - $"GET {target}&pad= HTTP/1.1\r\n".Length), node.Authority),
            "header bytes" => RawHttp.Upgrade(target, node.Authority, "X-Pad: " + new string('a', MaxHeaderBytes - headerLines - "X-Pad: \r\n".Length) + "\r\n"),
            _ => RawHttp.Upgrade(target, node.Authority, Pad(MaxHeaderCount - 5, 1)),
        };
        using var timeout = new CancellationTokenSource(TestSocket.DefaultTimeout);

        var head = await RawHttp.SendAsync(node, request, timeout.Token);

        Assert.StartsWith("HTTP/1.1 101 ", head, StringComparison.Ordinal);
        Assert.DoesNotContain("Server:", head, StringComparison.OrdinalIgnoreCase);
    }

    private static string Pad(int headers, int valueLength) =>
        string.Concat(Enumerable.Range(0, headers).Select(i => $"X-Pad-{i}: {new string('a', valueLength)}\r\n"));

    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one, cancellationToken);
            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    private static async Task<JsonObject> ReadTextFrameAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var header = new byte[2];
        await stream.ReadExactlyAsync(header, cancellationToken);
        Assert.Equal(0x81, header[0]);
        long length = header[1] & 0x7F;
        if (length == 126)
        {
            var extended = new byte[2];
            await stream.ReadExactlyAsync(extended, cancellationToken);
            length = (extended[0] << 8) | extended[1];
        }
        else if (length == 127)
        {
            var extended = new byte[8];
            await stream.ReadExactlyAsync(extended, cancellationToken);
            length = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(extended);
        }

        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload, cancellationToken);
        return JsonNode.Parse(payload)!.AsObject();
    }

    private static async Task WriteMaskedTextAsync(NetworkStream stream, string text, CancellationToken cancellationToken)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        Assert.True(payload.Length < 126);
        byte[] mask = [1, 2, 3, 4];
        var frame = new byte[2 + 4 + payload.Length];
        frame[0] = 0x81;
        frame[1] = (byte)(0x80 | payload.Length);
        mask.CopyTo(frame, 2);
        for (var i = 0; i < payload.Length; i++)
        {
            frame[6 + i] = (byte)(payload[i] ^ mask[i % 4]);
        }

        await stream.WriteAsync(frame, cancellationToken);
    }
}
