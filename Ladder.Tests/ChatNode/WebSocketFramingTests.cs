using System.Net.WebSockets;
using System.Text;
using Ladder.ChatNode.Transport;

namespace Ladder.Tests.ChatNode;

/// <summary>The node frames server messages itself (to write many in one go): a standard client must read every
/// length class (7-bit, 16-bit and 64-bit lengths) exactly, back to back in one stream.</summary>
public sealed class WebSocketFramingTests
{
    [Fact]
    public async Task FramesOfEveryLengthClassReadBackInOrderThroughAStandardClient()
    {
        int[] lengths = [0, 1, 125, 126, 127, 65_535, 65_536, 200_000];
        var payloads = lengths.Select(length => Encoding.UTF8.GetBytes(new string((char)('a' + (length % 26)), length))).ToArray();
        var wire = new byte[payloads.Sum(payload => WebSocketFraming.FrameLength(payload.Length))];
        var written = 0;
        foreach (var payload in payloads)
        {
            written += WebSocketFraming.WriteText(wire.AsSpan(written), payload);
        }

        Assert.Equal(wire.Length, written);
        using var client = WebSocket.CreateFromStream(new MemoryStream(wire), new WebSocketCreationOptions { IsServer = false });
        var buffer = new byte[256 * 1024];
        foreach (var payload in payloads)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await client.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                length += result.Count;
            }
            while (!result.EndOfMessage);

            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            Assert.Equal(payload, buffer.AsSpan(0, length).ToArray());
        }
    }

    [Theory]
    [InlineData(125, 2)]
    [InlineData(126, 4)]
    [InlineData(65_535, 4)]
    [InlineData(65_536, 10)]
    public void TheHeaderGrowsAtTheProtocolsLengthBoundaries(int payloadLength, int headerLength) =>
        Assert.Equal(headerLength, WebSocketFraming.HeaderLength(payloadLength));
}
