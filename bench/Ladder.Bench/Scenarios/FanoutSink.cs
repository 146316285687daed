using System.Buffers.Text;
using System.Diagnostics;
using System.Text;
using Ladder.Bench.Net;
using Ladder.Bench.Stats;

namespace Ladder.Bench.Scenarios;

/// <summary>
/// The fan-out receivers' frame handler. A message's text carries its send window and send timestamp
/// (<c>F|window|stopwatch ticks|padding</c>), so latency and loss are attributed to the window it was sent in.
/// </summary>
public sealed class FanoutSink(int maxWindows) : IFrameSink
{
    private static readonly double TicksPerMicro = Stopwatch.Frequency / 1_000_000.0;
    private long acks;
    private long errors;
    private long closed;
    private long foreign;

    public LatencyHistogram[] Latency { get; } = [.. Enumerable.Range(0, maxWindows).Select(_ => new LatencyHistogram())];

    public long[] Delivered { get; } = new long[maxWindows];

    public long Acks => Interlocked.Read(ref acks);

    public long Errors => Interlocked.Read(ref errors);

    public long Closed => Interlocked.Read(ref closed);

    public long Foreign => Interlocked.Read(ref foreign);

    public string? FirstError { get; private set; }

    public string? FirstClose { get; private set; }

    public bool Stopping { get; set; }

    public long TotalDelivered => Delivered.Sum();

    public void OnFrame(WsConn connection, ReadOnlySpan<byte> frame)
    {
        var info = FrameScanner.Scan(frame);
        switch (info.Kind)
        {
            case FrameKind.Message:
                var text = frame.Slice(info.TextStart, info.TextLength);
                if (text.Length > 4 && text[0] == (byte)'F' && text[1] == (byte)'|'
                    && Utf8Parser.TryParse(text[2..], out int window, out var consumed)
                    && Utf8Parser.TryParse(text[(3 + consumed)..], out long sentAt, out _)
                    && (uint)window < (uint)Delivered.Length)
                {
                    Latency[window].Record((long)((Stopwatch.GetTimestamp() - sentAt) / TicksPerMicro));
                    Interlocked.Increment(ref Delivered[window]);
                }
                else
                {
                    Interlocked.Increment(ref foreign);
                }

                break;
            case FrameKind.Ack:
                Interlocked.Increment(ref acks);
                break;
            case FrameKind.Joined:
                connection.MarkJoined(info);
                break;
            case FrameKind.Error:
                if (Interlocked.Increment(ref errors) == 1)
                {
                    FirstError = Encoding.UTF8.GetString(frame);
                }

                break;
        }
    }

    public void OnClosed(WsConn connection, string reason)
    {
        if (!Stopping && Interlocked.Increment(ref closed) == 1)
        {
            FirstClose = $"connection {connection.Index}: {reason}";
        }
    }
}
