using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Ladder.Bench.Baseline;

/// <summary>
/// One client: a receive loop with zero-byte reads (an idle socket holds no buffer) and a send loop draining a
/// bounded queue, so a broadcast never waits for a slow socket — the same shape as Ladder's transport.
/// </summary>
public sealed class BaselineConnection(WebSocket socket, BroadcastHub hub, string user)
{
    private const int QueueLength = 4096;
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    private readonly Channel<byte[]> queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(QueueLength)
    {
        SingleReader = true,
        SingleWriter = false,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly List<string> joined = [];

    public async Task RunAsync(CancellationToken aborted)
    {
        queue.Writer.TryWrite(Encode(writer =>
        {
            writer.WriteString("type", "welcome");
            writer.WriteNumber("protocol", 1);
            writer.WriteString("node", "baseline");
            writer.WriteString("session", Guid.NewGuid().ToString("N")[..12]);
            writer.WriteString("user", user);
        }));
        var sending = SendLoopAsync();
        try
        {
            await ReceiveLoopAsync(aborted);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away.
        }
        finally
        {
            foreach (var room in joined)
            {
                hub.Leave(room, this);
            }

            queue.Writer.TryComplete();
        }

        await sending;
    }

    /// <summary>Never waits: a full queue is a slow consumer, closed like Ladder closes it (4008).</summary>
    public void Deliver(byte[] frame)
    {
        if (!queue.Writer.TryWrite(frame))
        {
            queue.Writer.TryComplete();
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken aborted)
    {
        while (true)
        {
            var peek = await socket.ReceiveAsync(Memory<byte>.Empty, aborted);
            if (peek.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(4096);
            try
            {
                var length = 0;
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var result = await socket.ReceiveAsync(buffer.AsMemory(length), aborted);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    length += result.Count;
                    if (result.EndOfMessage)
                    {
                        break;
                    }
                }

                Handle(buffer.AsSpan(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private void Handle(ReadOnlySpan<byte> frame)
    {
        string? type = null, room = null, clientMsgId = null, text = null;
        var reader = new Utf8JsonReader(frame);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                var name = reader.ValueSpan;
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    reader.Skip();
                    continue;
                }

                if (name.SequenceEqual("type"u8))
                {
                    type = reader.GetString();
                }
                else if (name.SequenceEqual("room"u8))
                {
                    room = reader.GetString();
                }
                else if (name.SequenceEqual("clientMsgId"u8))
                {
                    clientMsgId = reader.GetString();
                }
                else if (name.SequenceEqual("text"u8))
                {
                    text = reader.GetString();
                }
            }
        }
        catch (JsonException)
        {
            return;
        }

        switch (type)
        {
            case "join" when room is not null:
                hub.Join(room, this);
                lock (joined)
                {
                    joined.Add(room);
                }

                Deliver(Encode(writer =>
                {
                    writer.WriteString("type", "joined");
                    writer.WriteString("room", room);
                    writer.WriteNumber("head", 0);
                }));
                break;
            case "send" when room is not null && clientMsgId is not null && text is not null:
                Broadcast(room, clientMsgId, text);
                break;
            case "ping":
                Deliver("{\"type\":\"pong\"}"u8.ToArray());
                break;
        }
    }

    /// <summary>Encoded once, the same bytes queued to every member.</summary>
    private void Broadcast(string room, string clientMsgId, string text)
    {
        var seq = hub.NextSeq();
        var message = Encode(writer =>
        {
            writer.WriteString("type", "message");
            writer.WriteString("room", room);
            writer.WriteNumber("seq", seq);
            writer.WriteString("sender", user);
            writer.WriteString("text", text);
            writer.WriteString("ts", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString("clientMsgId", clientMsgId);
        });
        Deliver(Encode(writer =>
        {
            writer.WriteString("type", "ack");
            writer.WriteString("room", room);
            writer.WriteString("clientMsgId", clientMsgId);
            writer.WriteNumber("seq", seq);
            writer.WriteBoolean("duplicate", false);
        }));
        foreach (var member in hub.Members(room))
        {
            member.Deliver(message);
        }
    }

    private async Task SendLoopAsync()
    {
        try
        {
            var reader = queue.Reader;
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var frame))
                {
                    await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException)
        {
            // The client went away.
        }

        socket.Abort();
    }

    private static byte[] Encode(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
