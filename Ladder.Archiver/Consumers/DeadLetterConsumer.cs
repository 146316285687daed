using Ladder.Archiver.Storage;
using Ladder.Archiver.Telemetry;
using Ladder.Contracts.Bus;
using MassTransit;

namespace Ladder.Archiver.Consumers;

/// <summary>
/// Records the log entries that will never be archived: messages and batches that ended in an error queue (and, from a
/// relay before batches, the entries it could not read). The archive's contiguous position then moves past them (archive
/// lag returns to 0) while the admin console lists them; a re-driven message or batch is still written normally.
/// </summary>
internal sealed partial class DeadLetterConsumer(ArchiveStore store, ArchiveMetrics metrics, ILogger<DeadLetterConsumer> logger)
    : IConsumer<LogEntryRejected>, IConsumer<Fault<MessageStored>>, IConsumer<Fault<LogEntriesStored>>
{
    public async Task Consume(ConsumeContext<LogEntryRejected> context)
    {
        var rejected = context.Message;
        await RecordAsync(rejected.Room, rejected.Seq, rejected.Reason, rejected.RejectedAt, context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<Fault<MessageStored>> context)
    {
        var message = context.Message.Message;
        var reason = context.Message.Exceptions.FirstOrDefault()?.Message ?? "fault";
        await RecordAsync(message.Room, message.Seq, reason, DateTime.SpecifyKind(context.Message.Timestamp, DateTimeKind.Utc), context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<Fault<LogEntriesStored>> context)
    {
        var batch = context.Message.Message;
        var reason = "batch failed: " + (context.Message.Exceptions.FirstOrDefault()?.Message ?? "fault");
        var at = new DateTimeOffset(DateTime.SpecifyKind(context.Message.Timestamp, DateTimeKind.Utc));
        var entries = (batch.Messages ?? []).Select(message => (message.Room, message.Seq))
            .Concat((batch.Tombstones ?? []).Select(tombstone => (tombstone.Room, tombstone.Seq)))
            .Select(entry => new LogEntryRejected(entry.Room, entry.Seq, reason, at))
            .Concat(batch.Rejected ?? [])
            .ToArray();
        LogBatchDeadLetter(entries.Length, entries.Length > 0 ? entries.Min(entry => entry.Seq) : 0, entries.Length > 0 ? entries.Max(entry => entry.Seq) : 0, reason);
        await store.WriteEntriesAsync([], [], entries, context.CancellationToken);
        metrics.DeadLettered(entries.Length);
    }

    private async Task RecordAsync(string room, ulong seq, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        LogDeadLetter(room, seq, reason);
        await store.RecordDeadLetterAsync(new LogEntryRejected(room, seq, reason, at), cancellationToken);
        metrics.DeadLettered();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Chat log entry {Room}/{Seq} will not be archived: {Reason}")]
    private partial void LogDeadLetter(string room, ulong seq, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} chat log entries ({FirstSeq}..{LastSeq}) will not be archived: {Reason}")]
    private partial void LogBatchDeadLetter(int count, ulong firstSeq, ulong lastSeq, string reason);
}
