using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Log;
using Ladder.Contracts.Wire;
using NATS.Client.Core;

namespace Ladder.ChatNode.ChatLog;

/// <summary>Turns a log entry (read by the shared <see cref="LogEntryReader"/>) into the frame every member receives, encoded once.</summary>
internal static class LogEntryFrames
{
    /// <summary>The frame for a log entry, or null for one the reader does not understand (see its rule): skipped.</summary>
    public static OutboundFrame? FrameOf(string subject, ulong seq, NatsHeaders? headers, ReadOnlySpan<byte> body, out DateTimeOffset storedAt)
    {
        storedAt = default;
        if (NatsSubjects.RoomOf(subject) is not { } room)
        {
            return null;
        }

        var entry = LogEntryReader.Read(headers, body);
        storedAt = entry.StoredAt;
        return entry switch
        {
            { Message: { } message } => FrameEncoder.Message(new MessageFrame(room, seq, message.Sender, message.Text, FrameEncoder.Timestamp(message.Ts), message.ClientMsgId, message.SenderKind)),
            { Tombstone: { } tombstone } => FrameEncoder.Deleted(new DeletedFrame(room, tombstone.Seq), seq),
            _ => null,
        };
    }
}
