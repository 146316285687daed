using System.Buffers.Text;
using System.Text;
using Ladder.Bench.Net;

namespace Ladder.Bench.Scenarios;

/// <summary>
/// One sending connection: builds each <c>send</c> frame into its own reused buffer (no allocation per send) and
/// is busy until the socket has taken the previous frame.
/// </summary>
public sealed class FanoutSender
{
    private readonly byte[] buffer = new byte[1024];
    private readonly int prefixLength;
    private readonly int payload;
    private Task? pending;
    private long counter;

    public FanoutSender(WsConn connection, int payload)
    {
        Connection = connection;
        this.payload = payload;
        prefixLength = Encoding.UTF8.GetBytes($"{{\"type\":\"send\",\"room\":\"{connection.Room}\",\"clientMsgId\":\"c", buffer);
    }

    public WsConn Connection { get; }

    public bool Failed { get; private set; }

    public bool IsBusy
    {
        get
        {
            if (pending is null)
            {
                return false;
            }

            if (!pending.IsCompleted)
            {
                return true;
            }

            Failed |= !pending.IsCompletedSuccessfully;
            pending = null;
            return false;
        }
    }

    /// <summary>Writes <c>F|window|now|xxx…</c> as a text of exactly the payload size and starts sending it.</summary>
    public void Send(int window, long now)
    {
        var span = buffer.AsSpan();
        var at = prefixLength;
        Utf8Formatter.TryFormat(++counter, span[at..], out var written);
        at += written;
        at += Copy("\",\"text\":\""u8, span[at..]);
        var textStart = at;
        span[at++] = (byte)'F';
        span[at++] = (byte)'|';
        Utf8Formatter.TryFormat(window, span[at..], out written);
        at += written;
        span[at++] = (byte)'|';
        Utf8Formatter.TryFormat(now, span[at..], out written);
        at += written;
        span[at++] = (byte)'|';
        var padding = Math.Max(0, payload - (at - textStart));
        span.Slice(at, padding).Fill((byte)'x');
        at += padding;
        at += Copy("\"}"u8, span[at..]);

        var sending = Connection.SendAsync(buffer.AsMemory(0, at), CancellationToken.None);
        if (!sending.IsCompletedSuccessfully)
        {
            pending = sending.AsTask();
        }
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }
}
