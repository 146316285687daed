using System.Text.Json;
using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Log;
using Ladder.Contracts.Wire;
using NATS.Client.Core;

namespace Ladder.ChatNode.ChatLog;

/// <summary>Turns a log entry into the frame every member receives, encoded once.</summary>
internal static class LogEntryDecoder
{
    /// <summary>The frame for a log entry, or null for an entry this node does not understand (a newer kind).</summary>
    public static OutboundFrame? Decode(string subject, ulong seq, NatsHeaders? headers, ReadOnlySpan<byte> body, out DateTimeOffset storedAt)
    {
        storedAt = default;
        var room = NatsSubjects.RoomOf(subject);
        if (room is null || body.IsEmpty)
        {
            return null;
        }

        try
        {
            return DecodeEntry(room, seq, headers, body, out storedAt);
        }
        catch (JsonException)
        {
            // Not written by a chat node: skip it rather than stop the room.
            return null;
        }
    }

    private static OutboundFrame? DecodeEntry(string room, ulong seq, NatsHeaders? headers, ReadOnlySpan<byte> body, out DateTimeOffset storedAt)
    {
        storedAt = default;

        var kind = headers is not null && headers.TryGetValue(LogHeaders.Kind, out var value) ? value.ToString() : LogEntryKinds.Message;
        switch (kind)
        {
            case LogEntryKinds.Message:
                var message = JsonSerializer.Deserialize(body, LogJsonContext.Default.StoredMessage);
                if (message is null)
                {
                    return null;
                }

                storedAt = message.Ts;
                return FrameEncoder.Message(new MessageFrame(room, seq, message.Sender, message.Text, FrameEncoder.Timestamp(message.Ts), message.ClientMsgId));
            case LogEntryKinds.Deleted:
                var tombstone = JsonSerializer.Deserialize(body, LogJsonContext.Default.StoredTombstone);
                if (tombstone is null)
                {
                    return null;
                }

                storedAt = tombstone.Ts;
                return FrameEncoder.Deleted(new DeletedFrame(room, tombstone.Seq), seq);
            default:
                return null;
        }
    }
}
