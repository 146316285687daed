using System.Buffers;
using System.Net.WebSockets;
using Ladder.ChatNode.Sessions;

namespace Ladder.ChatNode.Transport;

/// <summary>
/// Writes a session's queued frames to its WebSocket. Whoever adds a frame to an idle sender drains the queue on
/// its own thread (the fan-out, a replay, the receive loop) until the connection's output pushes back; only then
/// does the rest continue asynchronously. Frames queued meanwhile go out together in one write. So a delivery costs
/// no thread-pool hop and no per-frame flush, and an idle connection holds no buffer and no pending task.
/// </summary>
internal sealed partial class WebSocketFrameWriter
{
    /// <summary>Frames are coalesced into writes of about this size: large enough to cut the writes per frame under
    /// load, small enough to be a cheap pooled buffer.</summary>
    private const int BatchBytes = 16 * 1024;

    private readonly ChatSession session;
    private readonly WebSocket socket;
    private readonly SharedWriteStream connection;
    private readonly ILogger logger;
    private readonly TaskCompletionSource completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int draining;

    public WebSocketFrameWriter(ChatSession session, WebSocket socket, SharedWriteStream connection, ILogger logger)
    {
        this.session = session;
        this.socket = socket;
        this.connection = connection;
        this.logger = logger;
        session.Queue.OnAdded = Kick;
    }

    /// <summary>Completes once the close frame went out (or the connection failed).</summary>
    public Task Completion => completed.Task;

    private void Kick()
    {
        if (Interlocked.CompareExchange(ref draining, 1, 0) == 0)
        {
            _ = DrainAsync();
        }
    }

    private async Task DrainAsync()
    {
        var queue = session.Queue;
        try
        {
            while (true)
            {
                while (TakeBatch(out var buffer, out var length))
                {
                    try
                    {
                        await connection.WriteAsync(buffer.AsMemory(0, length));
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }

                if (queue.IsDrainedAndCompleted)
                {
                    await CloseAsync();
                    return;
                }

                // Let the next addition drain; re-check for one that came in before this was visible.
                Volatile.Write(ref draining, 0);
                if ((queue.Count == 0 && !queue.IsDrainedAndCompleted) || Interlocked.CompareExchange(ref draining, 1, 0) != 0)
                {
                    return;
                }
            }
        }
        catch (Exception exception)
        {
            // Nothing may escape: this runs on whichever thread added the frame, and a stuck sender would leave
            // the session open with nothing ever sent again.
            if (exception is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                LogSendEnded(session.Id, exception.GetType().Name);
            }
            else
            {
                LogSendFailed(exception, session.Id);
            }

            socket.Abort();
            session.Close(Ladder.Contracts.Wire.CloseCodes.Normal, "");
            completed.TrySetResult();
        }
    }

    /// <summary>Frames as many queued frames as fit a batch (at least one) into one pooled buffer.</summary>
    private bool TakeBatch(out byte[] buffer, out int length)
    {
        var queue = session.Queue;
        if (!queue.TryDequeue(out var first))
        {
            buffer = [];
            length = 0;
            return false;
        }

        buffer = ArrayPool<byte>.Shared.Rent(Math.Max(BatchBytes, WebSocketFraming.FrameLength(first.Utf8Json.Length)));
        length = WebSocketFraming.WriteText(buffer, first.Utf8Json.Span);
        while (queue.TryPeek(out var next)
            && length + WebSocketFraming.FrameLength(next.Utf8Json.Length) <= buffer.Length
            && queue.TryDequeue(out next))
        {
            length += WebSocketFraming.WriteText(buffer.AsSpan(length), next.Utf8Json.Span);
        }

        return true;
    }

    private async Task CloseAsync()
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync((WebSocketCloseStatus)session.CloseCode, session.CloseReason, CancellationToken.None);
            }
        }
        finally
        {
            completed.TrySetResult();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {Session} send failed")]
    private partial void LogSendFailed(Exception exception, string session);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {Session} send ended: {Reason}")]
    private partial void LogSendEnded(string session, string reason);
}
