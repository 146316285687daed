using System.Buffers;
using System.Text;
using Ladder.ChatNode.Http;
using Ladder.ChatNode.Transport;
using Microsoft.AspNetCore.Server.Kestrel.Core;

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

    private static readonly KestrelServerLimits Limits = new();

    [Fact]
    public void AWellFormedUpgradeIsReadWithItsHeadLength()
    {
        var bytes = Encoding.ASCII.GetBytes(Handshake + "\x81\x05hello");

        var scan = UpgradeRequestHead.Scan(new ReadOnlySequence<byte>(bytes), Limits, out var head, out var length);

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
            var partial = UpgradeRequestHead.Scan(new ReadOnlySequence<byte>(bytes, 0, cut), Limits, out _, out _);
            Assert.Equal(HeadScan.Incomplete, partial);

            var whole = UpgradeRequestHead.Scan(TwoSegments(bytes, cut), Limits, out var head, out var length);
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
    [InlineData("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n")]
    [InlineData("GET /ws HTTP/1.1\r\nHost:\r\n\r\n")]
    [InlineData("GET /ws HTTP/1.1\r\nHost: a b\r\n\r\n")]
    [InlineData("GET /ws HTTP/1.1\r\nHost: a/b\r\n\r\n")]
    [InlineData("GET /ws HTTP/1.1\r\nHost: a@b:80\r\n\r\n")]
    [InlineData("GET /ws HTTP/1.1\r\nHost: localhost:80x\r\n\r\n")]
    [InlineData("GET /ws HTTP/1.1\r\nHost: localhost:123456\r\n\r\n")]
    [InlineData("GET /ws HTTP/1.1\r\nHost: [::1\r\n\r\n")]
    [InlineData("GET /ws HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")]
    public void AnythingUnusualIsLeftToKestrel(string request)
    {
        var bytes = Encoding.Latin1.GetBytes(request);

        Assert.Equal(HeadScan.NotUpgrade, UpgradeRequestHead.Scan(new ReadOnlySequence<byte>(bytes), Limits, out var head, out _));
        Assert.Null(head);
    }

    [Fact]
    public void AnotherRequestIsRecognisedFromItsFirstBytes()
    {
        Assert.Equal(HeadScan.NotUpgrade, UpgradeRequestHead.Scan(new ReadOnlySequence<byte>("GE_"u8.ToArray()), Limits, out _, out _));
        Assert.Equal(HeadScan.NotUpgrade, UpgradeRequestHead.Scan(new ReadOnlySequence<byte>("GET /health"u8.ToArray()), Limits, out _, out _));
        Assert.Equal(HeadScan.Incomplete, UpgradeRequestHead.Scan(new ReadOnlySequence<byte>("GET /w"u8.ToArray()), Limits, out _, out _));
    }

    [Theory]
    [InlineData(0, HeadScan.Upgrade)]
    [InlineData(1, HeadScan.NotUpgrade)]
    public void ARequestLineOverKestrelsLimitIsLeftToKestrelWhateverTheHeaders(int over, HeadScan expected)
    {
        // Kestrel counts the request line with its CRLF; the headers are small, so only the line can be too long.
        var limits = new KestrelServerLimits { MaxRequestLineSize = 256, MaxRequestHeadersTotalSize = 64 * 1024 };
        var start = "GET /ws?pad=";
        var end = " HTTP/1.1\r\n";
        var line = start + new string('a', limits.MaxRequestLineSize - start.Length - end.Length + over) + end;
        var bytes = Encoding.ASCII.GetBytes(line + "Host: localhost\r\n\r\n");

        Assert.Equal(expected, UpgradeRequestHead.Scan(new ReadOnlySequence<byte>(bytes), limits, out _, out _));
    }

    [Theory]
    [InlineData(0, HeadScan.Upgrade)]
    [InlineData(1, HeadScan.NotUpgrade)]
    public void HeadersOverKestrelsTotalSizeAreLeftToKestrelHoweverShortTheRequestLine(int over, HeadScan expected)
    {
        // Kestrel counts every header line with its CRLF, not the blank line; the line limit is generous here.
        var limits = new KestrelServerLimits { MaxRequestLineSize = 64 * 1024, MaxRequestHeadersTotalSize = 1024 };
        var host = "Host: localhost\r\n";
        var start = "X-Pad: ";
        var padding = limits.MaxRequestHeadersTotalSize - host.Length - start.Length - 2 + over;
        var bytes = Encoding.ASCII.GetBytes("GET /ws HTTP/1.1\r\n" + host + start + new string('a', padding) + "\r\n\r\n");

        Assert.Equal(expected, UpgradeRequestHead.Scan(new ReadOnlySequence<byte>(bytes), limits, out _, out var length));
        if (expected == HeadScan.Upgrade)
        {
            Assert.Equal(bytes.Length, length);
        }
    }

    [Theory]
    [InlineData(0, HeadScan.Upgrade)]
    [InlineData(1, HeadScan.NotUpgrade)]
    public void MoreHeadersThanKestrelsCountAreLeftToKestrel(int over, HeadScan expected)
    {
        var limits = new KestrelServerLimits { MaxRequestHeaderCount = 10 };
        var headers = string.Concat(Enumerable.Range(0, limits.MaxRequestHeaderCount - 1 + over).Select(i => $"X-{i}: v\r\n"));
        var bytes = Encoding.ASCII.GetBytes("GET /ws HTTP/1.1\r\nHost: localhost\r\n" + headers + "\r\n");

        Assert.Equal(expected, UpgradeRequestHead.Scan(new ReadOnlySequence<byte>(bytes), limits, out _, out _));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1:5101")]
    [InlineData("[::1]:5101")]
    [InlineData("chat-1.example_host~x")]
    public void APlainHostIsRead(string host)
    {
        var bytes = Encoding.ASCII.GetBytes($"GET /ws HTTP/1.1\r\nHost: {host}\r\n\r\n");

        Assert.Equal(HeadScan.Upgrade, UpgradeRequestHead.Scan(new ReadOnlySequence<byte>(bytes), Limits, out var head, out _));
        Assert.Equal(host, head!.Host);
    }

    [Theory]
    [InlineData("Upgrade: h2c\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")]
    [InlineData("Upgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")]
    [InlineData("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")]
    [InlineData("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: short\r\n")]
    [InlineData("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")]
    public void AHeadThatIsNotAnAcceptableWebSocketHandshakeIsNotTakenAsOne(string headers)
    {
        var bytes = Encoding.ASCII.GetBytes("GET /ws HTTP/1.1\r\nHost: localhost\r\n" + headers + "\r\n");

        Assert.Equal(HeadScan.Upgrade, UpgradeRequestHead.Scan(new ReadOnlySequence<byte>(bytes), Limits, out var head, out _));
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
