using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace Ladder.Bench.Net;

/// <summary>
/// One raw client connection of the generator: a <see cref="ClientWebSocket"/>, a receive loop that hands whole
/// frames to a sink, and a little per-scenario state. The fan-out path reuses one buffer per connection; idle
/// connections wait with a zero-byte read and hold no buffer at all.
/// </summary>
public sealed class WsConn(ClientWebSocket socket, int index, Uri node)
{
    private readonly TaskCompletionSource<FrameInfo> joined = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ClientWebSocket Socket => socket;

    public int Index => index;

    public Uri Node => node;

    public string Room { get; set; } = "";

    /// <summary>Highest message seq seen (the client's lastKnownId).</summary>
    public ulong LastSeq;

    /// <summary>Messages counted by the scenario.</summary>
    public long Received;

    /// <summary>Messages that did not move the position forward (a duplicate or out of order).</summary>
    public long OutOfOrder;

    public long SyncedAt;

    /// <summary>Whether a <c>joined</c> sets the position to the room's head: true for a fresh join, false for a
    /// resume, whose position is the lastKnownId it resumes from.</summary>
    public bool AdoptsHead { get; set; } = true;

    public bool IsClosed { get; private set; }

    public Task<FrameInfo> Joined => joined.Task;

    public void MarkJoined(FrameInfo info) => joined.TrySetResult(info);

    public ValueTask SendAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken) =>
        socket.SendAsync(utf8, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    public ValueTask SendAsync(string json, CancellationToken cancellationToken) => SendAsync(Encoding.UTF8.GetBytes(json), cancellationToken);

    /// <summary>Receives until the socket closes or <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="bufferBytes">A fixed buffer of this size; 0 for zero-byte waits and a pooled buffer per frame.</param>
    public async Task ReceiveLoopAsync(IFrameSink sink, int bufferBytes, CancellationToken cancellationToken)
    {
        var reason = "closed by server";
        var owned = bufferBytes > 0 ? new byte[bufferBytes] : null;
        try
        {
            while (true)
            {
                byte[] buffer;
                if (owned is null)
                {
                    var peek = await socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken);
                    if (peek.MessageType == WebSocketMessageType.Close)
                    {
                        reason = $"close {(int?)socket.CloseStatus} {socket.CloseStatusDescription}";
                        return;
                    }

                    buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
                }
                else
                {
                    buffer = owned;
                }

                try
                {
                    var length = 0;
                    var oversized = false;
                    while (true)
                    {
                        if (length == buffer.Length)
                        {
                            // Bigger than any frame the scenarios look at (a presence or history list): skip it.
                            oversized = true;
                            length = 0;
                        }

                        var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            reason = $"close {(int?)socket.CloseStatus} {socket.CloseStatusDescription}";
                            return;
                        }

                        length += result.Count;
                        if (result.EndOfMessage)
                        {
                            break;
                        }
                    }

                    if (!oversized)
                    {
                        sink.OnFrame(this, buffer.AsSpan(0, length));
                    }
                }
                finally
                {
                    if (owned is null)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            reason = "stopped";
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException)
        {
            reason = exception.GetType().Name + ": " + exception.Message;
        }
        finally
        {
            IsClosed = true;
            joined.TrySetException(new InvalidOperationException($"connection {index} ended before joined: {reason}"));
            sink.OnClosed(this, reason);
        }
    }

    /// <summary>Ends the connection at once (no close handshake): what a dropped client looks like to the server.</summary>
    public void Abort()
    {
        socket.Abort();
        socket.Dispose();
    }

    public static long Now => Stopwatch.GetTimestamp();
}
