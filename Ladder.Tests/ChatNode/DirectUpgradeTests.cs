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
