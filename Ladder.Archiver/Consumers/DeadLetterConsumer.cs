using Ladder.Archiver.Storage;
using Ladder.Archiver.Telemetry;
using Ladder.Contracts.Bus;
using MassTransit;

namespace Ladder.Archiver.Consumers;

/// <summary>
/// Records the log entries that will never be archived: those the relay could not read, and messages that ended in an
/// error queue. The archive's contiguous position then moves past them (archive lag returns to 0) while the admin console
/// lists them; a re-driven message is still written normally.
/// </summary>
internal sealed partial class DeadLetterConsumer(ArchiveStore store, ArchiveMetrics metrics, ILogger<DeadLetterConsumer> logger)
    : IConsumer<LogEntryRejected>, IConsumer<Fault<MessageStored>>
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

    private async Task RecordAsync(string room, ulong seq, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        LogDeadLetter(room, seq, reason);
        await store.RecordDeadLetterAsync(room, seq, reason, at, cancellationToken);
        metrics.DeadLettered();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Chat log entry {Room}/{Seq} will not be archived: {Reason}")]
    private partial void LogDeadLetter(string room, ulong seq, string reason);
}
