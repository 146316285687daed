using System.Buffers;
using System.Text;
using System.Text.Json;
using Ladder.ChatNode.Access;
using Ladder.ChatNode.Auth;
using Ladder.ChatNode.Fanout;
using Ladder.ChatNode.Protocol;
using Ladder.ChatNode.Rooms;
using Ladder.ChatNode.Sessions;
using Ladder.Contracts.Wire;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Transport;

/// <summary>
/// The Server-Sent Events edge of a session, for networks that break WebSockets: the same session, joins, replay
/// and frames as the WebSocket transport, written as <c>event: type</c> / <c>data: json</c>. Sends go through
/// <c>POST /rooms/{room}/messages</c>. The room set is fixed per stream.
/// </summary>
internal sealed partial class SseTransport(
    ConnectionLifecycle lifecycle, RoomJoiner joiner, TimeProvider time, IOptions<RoomOptions> options, ILogger<SseTransport> logger)
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    /// <param name="grants">Grant tokens of the request, verified.</param>
    public async Task RunAsync(HttpResponse response, ChatUser user, ResumePositions positions, IReadOnlyList<RoomGrant> grants, CancellationToken aborted)
    {
        response.Headers.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(aborted);

        using var lifetime = lifecycle.Open(user, "sse", aborted);
        var session = lifetime.Session;
        session.AddGrants(grants, options.Value.MaxRoomsPerConnection, time.GetUtcNow());
        lifetime.Welcome();
        // The send loop advances the positions from here on; the joins use what the client asked for.
        var requested = positions.Entries.ToArray();
        var sending = SendLoopAsync(response, session, positions, lifetime.CloseTimedOut);
        foreach (var (room, seq) in requested)
        {
            if (await joiner.JoinAsync(session, room, seq) is { } error)
            {
                session.Deliver(FrameEncoder.Error(error, ClientFrameTypes.Join));
            }
        }

        await sending;
    }

    private async Task SendLoopAsync(HttpResponse response, ChatSession session, ResumePositions positions, CancellationToken closeTimedOut)
    {
        var body = response.BodyWriter;
        var queue = session.Queue;
        try
        {
            while (true)
            {
                using var beat = CancellationTokenSource.CreateLinkedTokenSource(closeTimedOut);
                beat.CancelAfter(Heartbeat);
                bool more;
                try
                {
                    more = await queue.WaitToReadAsync(beat.Token);
                }
                catch (OperationCanceledException) when (!closeTimedOut.IsCancellationRequested)
                {
                    // Idle: a comment line keeps proxies from closing the stream.
                    body.Write(": keep-alive\n\n"u8);
                    await body.FlushAsync(closeTimedOut);
                    continue;
                }

                if (!more)
                {
                    break;
                }

                while (queue.TryDequeue(out var frame))
                {
                    Write(body, frame, positions);
                }

                await body.FlushAsync(closeTimedOut);
            }

            if (session.CloseCode != CloseCodes.Normal)
            {
                // SSE has no close codes: the last event says why the stream ends (4001, 4003, 4008…).
                var close = JsonSerializer.SerializeToUtf8Bytes(new SseClose(session.CloseCode, session.CloseReason), SseJsonContext.Default.SseClose);
                WriteEvent(body, "close", null, close);
                await body.FlushAsync(closeTimedOut);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The client went away, or would not read within the close timeout.
            LogStreamEnded(session.Id, exception.GetType().Name, exception.Message);
        }
        finally
        {
            session.Close(CloseCodes.Normal, "");
        }
    }

    private static void Write(System.IO.Pipelines.PipeWriter body, OutboundFrame frame, ResumePositions positions)
    {
        string? id = null;
        if (frame.IsMessage)
        {
            positions.Advance(frame.Room!, frame.Seq);
            id = positions.ToString();
        }
        else if (frame.Type == ServerFrameTypes.Synced && frame.Room is not null)
        {
            positions.Advance(frame.Room, frame.Seq);
        }
        else if (frame.Type == ServerFrameTypes.Joined && frame.Room is not null)
        {
            positions.StartAt(frame.Room, frame.Seq);
        }

        WriteEvent(body, frame.Type, id, frame.Utf8Json.Span);
    }

    private static void WriteEvent(System.IO.Pipelines.PipeWriter body, string type, string? id, ReadOnlySpan<byte> json)
    {
        body.Write("event: "u8);
        body.Write(Encoding.UTF8.GetBytes(type));
        body.Write("\n"u8);
        if (id is not null)
        {
            body.Write("id: "u8);
            body.Write(Encoding.UTF8.GetBytes(id));
            body.Write("\n"u8);
        }

        // The JSON has no raw newlines (the encoder escapes them), so one data line carries it.
        body.Write("data: "u8);
        body.Write(json);
        body.Write("\n\n"u8);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SSE stream of session {Session} ended: {Reason} {Detail}")]
    private partial void LogStreamEnded(string session, string reason, string detail);
}
