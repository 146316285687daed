using Ladder.Contracts.Bus;
using Ladder.Contracts.Log;
using NATS.Client.Core;

namespace Ladder.Archiver.Relay;

/// <summary>Turns one chat log entry (read by the shared <see cref="LogEntryReader"/>) into the bus event that archives it.</summary>
internal static class LogEntryEvents
{
    /// <summary>
    /// A <see cref="MessageStored"/> or a <see cref="TombstoneStored"/>; a <see cref="LogEntryRejected"/> for an entry
    /// the reader does not understand (so it is recorded instead of blocking the consumer or silently vanishing).
    /// </summary>
    public static object EventOf(string subject, ulong seq, NatsHeaders? headers, ReadOnlySpan<byte> body)
    {
        var room = NatsSubjects.RoomOf(subject) ?? subject;
        var entry = LogEntryReader.Read(headers, body);
        return entry switch
        {
            { Message: { } message } => new MessageStored(room, seq, message.Sender, message.Text, message.ClientMsgId, message.Ts, LogEntryReader.TraceParentOf(headers)),
            { Tombstone: { } tombstone } => new TombstoneStored(room, seq, tombstone.Seq, tombstone.Moderator, tombstone.Reason, tombstone.Ts),
            _ => new LogEntryRejected(room, seq, entry.Problem!, DateTimeOffset.UtcNow),
        };
    }
}
