using System.Collections.Concurrent;
using System.Text;
using Ladder.Bench.Net;

namespace Ladder.Bench.Scenarios;

/// <summary>
/// The frame handler of the control-path scenarios (idle, resume storm, archive, connect rate): joins, positions,
/// synced, acks (with their seq and time when asked) and errors.
/// </summary>
public sealed class ControlSink : IFrameSink
{
    private long synced;
    private long acks;
    private long errors;
    private long closed;

    public long SyncedCount => Interlocked.Read(ref synced);

    public long Acks => Interlocked.Read(ref acks);

    public long Errors => Interlocked.Read(ref errors);

    public long Closed => Interlocked.Read(ref closed);

    public string? FirstError { get; private set; }

    public string? FirstClose { get; private set; }

    public bool Stopping { get; set; }

    /// <summary>When set, every ack's seq and arrival time (stopwatch ticks) is kept.</summary>
    public ConcurrentQueue<(ulong Seq, long At)>? AckLog { get; set; }

    public void OnFrame(WsConn connection, ReadOnlySpan<byte> frame)
    {
        var info = FrameScanner.Scan(frame);
        switch (info.Kind)
        {
            case FrameKind.Message:
                if (info.Seq > connection.LastSeq)
                {
                    connection.LastSeq = info.Seq;
                    connection.Received++;
                }
                else
                {
                    connection.OutOfOrder++;
                }

                break;
            case FrameKind.Joined:
                if (connection.AdoptsHead && connection.LastSeq == 0)
                {
                    connection.LastSeq = info.Head;
                }

                connection.MarkJoined(info);
                break;
            case FrameKind.Synced:
                connection.SyncedAt = WsConn.Now;
                Interlocked.Increment(ref synced);
                break;
            case FrameKind.Ack:
                AckLog?.Enqueue((info.Seq, WsConn.Now));
                Interlocked.Increment(ref acks);
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
