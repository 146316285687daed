using System.Text.Json;
using Ladder.Contracts.Bus;
using Ladder.Contracts.Log;
using NATS.Client.Core;

namespace Ladder.Archiver.Relay;

/// <summary>Turns one chat log entry into the bus event that archives it.</summary>
internal static class LogEntryDecoder
{
    /// <summary>
    /// A <see cref="MessageStored"/> or a <see cref="TombstoneStored"/>; a <see cref="LogEntryRejected"/> for an entry
    /// nothing could ever archive (so it is recorded instead of blocking the consumer or silently vanishing).
    /// </summary>
    public static object Decode(string subject, ulong seq, NatsHeaders? headers, ReadOnlySpan<byte> body)
    {
        var room = NatsSubjects.RoomOf(subject) ?? subject;
        var kind = headers is not null && headers.TryGetValue(LogHeaders.Kind, out var values) ? values.ToString() : null;
        try
        {
            switch (kind)
            {
                case LogEntryKinds.Message:
                    var message = JsonSerializer.Deserialize(body, LogJsonContext.Default.StoredMessage);
                    // The generated deserializer leaves missing members null whatever the record says.
                    return message is null || message.Sender is null || message.Text is null || message.ClientMsgId is null
                        ? Rejected(room, seq, "message body without sender, text or clientMsgId")
                        : new MessageStored(room, seq, message.Sender, message.Text, message.ClientMsgId, message.Ts, TraceParentOf(headers));
                case LogEntryKinds.Deleted:
                    var tombstone = JsonSerializer.Deserialize(body, LogJsonContext.Default.StoredTombstone);
                    return tombstone is null || tombstone.Moderator is null
                        ? Rejected(room, seq, "tombstone body without moderator")
                        : new TombstoneStored(room, seq, tombstone.Seq, tombstone.Moderator, tombstone.Reason, tombstone.Ts);
                default:
                    return Rejected(room, seq, $"unknown {LogHeaders.Kind} '{kind}'");
            }
        }
        catch (JsonException exception)
        {
            return Rejected(room, seq, $"unreadable {kind} body: {exception.Message}");
        }
    }

    /// <summary>The W3C trace context the chat node added to the entry, if any.</summary>
    public static string? TraceParentOf(NatsHeaders? headers) =>
        headers is not null && headers.TryGetValue("traceparent", out var value) ? value.ToString() : null;

    private static LogEntryRejected Rejected(string room, ulong seq, string reason) => new(room, seq, reason, DateTimeOffset.UtcNow);
}
