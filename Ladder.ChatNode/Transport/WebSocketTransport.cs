using System.Buffers;
using System.Net.WebSockets;
using Ladder.ChatNode.Auth;
using Ladder.ChatNode.Protocol;
using Ladder.ChatNode.Sessions;
using Ladder.Contracts.Wire;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Transport;

/// <summary>
/// The WebSocket edge of a session: a receive loop that hands each text message to the frame handler, and a
/// <see cref="WebSocketFrameWriter"/> that writes the session's queue out. An idle socket holds no receive buffer
/// (zero-byte reads) and no pending send.
/// </summary>
internal sealed class WebSocketTransport(
    ConnectionLifecycle lifecycle,
    ChatFrameHandler handler,
    IOptions<ChatSessionOptions> options,
    ILogger<WebSocketTransport> logger)
{
    private const int InitialReceiveBuffer = 4096;
    private readonly int maxFrameBytes = options.Value.MaxFrameBytes;

    /// <param name="connection">The upgraded connection the socket was made on; frames are written to it directly.</param>
    /// <param name="abortConnection">Drops the TCP connection at once (a client that stopped reading).</param>
    public async Task RunAsync(WebSocket socket, SharedWriteStream connection, ChatUser user, Action abortConnection, CancellationToken aborted)
    {
        using var lifetime = lifecycle.Open(user, "ws", aborted);
        var session = lifetime.Session;
        var writer = new WebSocketFrameWriter(session, socket, connection, logger);
        using var dropOnTimeout = lifetime.CloseTimedOut.Register(() =>
        {
            socket.Abort();
            abortConnection();
        });
        lifetime.Welcome();
        await ReceiveLoopAsync(socket, session, aborted);
        await writer.Completion;
    }

    private async Task ReceiveLoopAsync(WebSocket socket, ChatSession session, CancellationToken aborted)
    {
        try
        {
            while (!session.IsClosed)
            {
                // Wait for data without a buffer: thousands of idle connections then hold none.
                var peek = await socket.ReceiveAsync(Memory<byte>.Empty, aborted);
                if (peek.MessageType == WebSocketMessageType.Close)
                {
                    session.Close(CloseCodes.Normal, "");
                    return;
                }

                var message = peek.EndOfMessage
                    ? new ReceivedMessage(peek.MessageType, [], 0, TooLarge: false)
                    : await ReadMessageAsync(socket, peek.MessageType, aborted);
                try
                {
                    if (message.TooLarge)
                    {
                        session.Close(CloseCodes.FrameTooLarge, $"frame larger than {maxFrameBytes} bytes");
                        return;
                    }

                    switch (message.Kind)
                    {
                        case WebSocketMessageType.Close:
                            session.Close(CloseCodes.Normal, "");
                            return;
                        case WebSocketMessageType.Binary:
                            await session.SendAsync(FrameEncoder.Error(new FrameError(ErrorCodes.BadFrame, "frames are text (UTF-8 JSON)"), null));
                            break;
                        default:
                            await handler.HandleAsync(session, message.Buffer.AsMemory(0, message.Length));
                            break;
                    }
                }
                finally
                {
                    message.Return();
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away: its session ends with it.
            session.Close(CloseCodes.Normal, "");
        }
    }

    /// <summary>Reads one whole message into a pooled buffer that grows up to one byte past the frame limit.</summary>
    private async Task<ReceivedMessage> ReadMessageAsync(WebSocket socket, WebSocketMessageType kind, CancellationToken aborted)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialReceiveBuffer, maxFrameBytes + 1));
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxFrameBytes + 1));
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            var result = await socket.ReceiveAsync(buffer.AsMemory(length), aborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return new ReceivedMessage(WebSocketMessageType.Close, buffer, 0, TooLarge: false);
            }

            length += result.Count;
            if (length > maxFrameBytes)
            {
                return new ReceivedMessage(kind, buffer, length, TooLarge: true);
            }

            if (result.EndOfMessage)
            {
                return new ReceivedMessage(kind, buffer, length, TooLarge: false);
            }
        }
    }

    private readonly record struct ReceivedMessage(WebSocketMessageType Kind, byte[] Buffer, int Length, bool TooLarge)
    {
        public void Return()
        {
            if (Buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(Buffer);
            }
        }
    }
}
