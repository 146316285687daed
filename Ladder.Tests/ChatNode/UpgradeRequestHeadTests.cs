using System.Buffers;
using System.Text;
using Ladder.ChatNode.Http;

namespace Ladder.Tests.ChatNode;

/// <summary>The node reads a WebSocket upgrade's head off the bare connection; whatever it is not sure of goes to
/// Kestrel unchanged, so the parser must say "not mine" for anything unusual and never take a partial head.</summary>
public sealed class UpgradeRequestHeadTests
{
    private const string Handshake =
        "GET /ws?access_token=abc.def HTTP/1.1\r\n" +
        "Host: 127.0.0.1:5101\r\n" +
        "upgrade: WebSocket\r\n" +
        "Connection: keep-alive, Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
        "Sec-WebSocket-Version: 13\r\n" +
        "Origin: http://127.0.0.1:5101\r\n" +
        "X-Other:\t spaced value \r\n" +
        "\r\n";

    [Fact]
    public void AWellFormedUpgradeIsReadWithItsHeadLength()
    {
        var bytes = Encoding.ASCII.GetBytes(Handshake + "\x81\x05hello");

        var scan = UpgradeRequestHead.Scan(new ReadOnlySequence<byte>(bytes), 32 * 1024, out var head, out var length);

        Assert.Equal(HeadScan.Upgrade, scan);
        Assert.Equal(Handshake.Length, length);
        Assert.NotNull(head);
        Assert.Equal("?access_token=abc.def", head.Query);
        Assert.Equal("127.0.0.1:5101", head.Host);
        Assert.Equal("http://127.0.0.1:5101", head.Origin);
        Assert.Null(head.Authorization);
        Assert.True(head.IsWebSocketRequest);
    }

    [Fact]
    public void AHeadSplitAcrossSegmentsAtEveryPointIsIncompleteUntilItsLastByte()
    {
        var bytes = Encoding.ASCII.GetBytes(Handshake);
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var partial = UpgradeRequestHead.Scan(new ReadOnlySequence<byte>(bytes, 0, cut), 32 * 1024, out _, out _);
            Assert.Equal(HeadScan.Incomplete, partial);

            var whole = UpgradeRequestHead.Scan(TwoSegments(bytes, cut), 32 * 1024, out var head, out var length);
            Assert.Equal(HeadScan.Upgrade, whole);
            Assert.Equal(bytes.Length, length);
            Assert.True(head!.IsWebSocketRequest);
        }
    }

    [Theory]
    [InlineData("POST /ws HTTP/1.1\r\n\r\n")]
    [InlineData("GET /wsx HTTP/1.1\r\n\r\n")]
    [InlineData("GET /sse HTTP/1.1\r\n\r\n")]
    [InlineData("GET /ws HTTP/1.0\r\n\r\n")]
    [InlineData("GET /ws?x HTTP/1.1 \r\n\r\n")]
    [InlineData("GET /ws HTTP/1.1\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("GET /ws HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("GET /ws HTTP/1.1\r\nOrigin: a\r\norigin: b\r\n\r\n")]
    [InlineData("GET /ws HTTP/1.1\r\nX-Folded: a\r\n continued\r\n\r\n")]
    [InlineData("GET /ws HTTP/1.1\r\nNo-Colon\r\n\r\n")]
    [InlineData("GET /ws HTTP/1.1\r\nBad Name: a\r\n\r\n")]
    [InlineData("GET /ws HTTP/1.1\r\nX-Bare: a\nb\r\n\r\n")]
    [InlineData("GET /ws HTTP/1.1\r\nX-Latin: caf\u00e9\r\n\r\n")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")]
    public void AnythingUnusualIsLeftToKestrel(string request)
    {
        var bytes = Encoding.Latin1.GetBytes(request);

        Assert.Equal(HeadScan.NotUpgrade, UpgradeRequestHead.Scan(new ReadOnlySequence<byte>(bytes), 32 * 1024, out var head, out _));
        Assert.Null(head);
    }

    [Fact]
    public void AnotherRequestIsRecognisedFromItsFirstBytes()
    {
        Assert.Equal(HeadScan.NotUpgrade, UpgradeRequestHead.Scan(new ReadOnlySequence<byte>("GE_"u8.ToArray()), 32 * 1024, out _, out _));
        Assert.Equal(HeadScan.NotUpgrade, UpgradeRequestHead.Scan(new ReadOnlySequence<byte>("GET /health"u8.ToArray()), 32 * 1024, out _, out _));
        Assert.Equal(HeadScan.Incomplete, UpgradeRequestHead.Scan(new ReadOnlySequence<byte>("GET /w"u8.ToArray()), 32 * 1024, out _, out _));
    }

    [Fact]
    public void AHeadAtTheLimitIsReadAndOneByteLongerIsLeftToKestrel()
    {
        var start = "GET /ws HTTP/1.1\r\nX-Pad: ";
        var end = "\r\n\r\n";
        const int limit = 1024;
        var atLimit = Encoding.ASCII.GetBytes(start + new string('a', limit - start.Length - end.Length) + end);
        var over = Encoding.ASCII.GetBytes(start + new string('a', limit - start.Length - end.Length + 1) + end);

        Assert.Equal(HeadScan.Upgrade, UpgradeRequestHead.Scan(new ReadOnlySequence<byte>(atLimit), limit, out _, out var length));
        Assert.Equal(limit, length);
        Assert.Equal(HeadScan.NotUpgrade, UpgradeRequestHead.Scan(new ReadOnlySequence<byte>(over), limit, out _, out _));
    }

    [Theory]
    [InlineData("Upgrade: h2c\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")]
    [InlineData("Upgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")]
    [InlineData("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")]
    [InlineData("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: short\r\n")]
    [InlineData("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")]
    public void AHeadThatIsNotAnAcceptableWebSocketHandshakeIsNotTakenAsOne(string headers)
    {
        var bytes = Encoding.ASCII.GetBytes("GET /ws HTTP/1.1\r\n" + headers + "\r\n");

        Assert.Equal(HeadScan.Upgrade, UpgradeRequestHead.Scan(new ReadOnlySequence<byte>(bytes), 32 * 1024, out var head, out _));
        Assert.False(head!.IsWebSocketRequest);
    }

    private static ReadOnlySequence<byte> TwoSegments(byte[] bytes, int cut)
    {
        var first = new Segment(bytes.AsMemory(0, cut), 0);
        var second = first.Append(bytes.AsMemory(cut));
        return new ReadOnlySequence<byte>(first, 0, second, second.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
