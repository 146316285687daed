using System.Diagnostics;
using Ladder.Archiver.Storage;
using Ladder.Archiver.Telemetry;
using Ladder.Contracts.Bus;
using MassTransit;

namespace Ladder.Archiver.Consumers;

/// <summary>
/// Writes each batch the relay published in one round trip: messages, tombstones and the entries that will never be
/// archived. A batch PostgreSQL refuses is halved until the refused entries stand alone: every other entry is written, each
/// refused message is sent on to <see cref="IsolatedMessageStoredConsumer"/> and each refused tombstone is recorded as a
/// dead letter, so that one poison entry never holds back its neighbours.
/// </summary>
internal sealed partial class LogEntriesStoredConsumer(ArchiveStore store, ArchiveMetrics metrics, ILogger<LogEntriesStoredConsumer> logger)
    : IConsumer<LogEntriesStored>
{
    public async Task Consume(ConsumeContext<LogEntriesStored> context)
    {
        // The deserializer leaves a missing list null whatever the record says.
        var batch = context.Message with
        {
            Messages = context.Message.Messages ?? [],
            Tombstones = context.Message.Tombstones ?? [],
            Rejected = context.Message.Rejected ?? [],
        };
        // A child of the batch's consume span, which continues the relay's span for the batch.
        using var activity = ArchiveTelemetry.Source.StartActivity("archive write");
        activity?.SetTag("messaging.batch.message_count", Count(batch));
        await WriteAsync(context, batch);
    }

    private async Task WriteAsync(ConsumeContext context, LogEntriesStored part)
    {
        try
        {
            metrics.Written(await store.WriteEntriesAsync(part.Messages, part.Tombstones, part.Rejected, context.CancellationToken));
        }
        catch (Exception exception) when (DatabaseErrors.IsRefusedData(exception) && Count(part) > 1)
        {
            LogBatchRefused(Count(part), exception.Message);
            var (first, second) = Halve(part);
            await WriteAsync(context, first);
            await WriteAsync(context, second);
            return;
        }
        catch (Exception exception) when (DatabaseErrors.IsRefusedData(exception) && part.Rejected.Length == 0)
        {
            await IsolateAsync(context, part, exception.Message);
            return;
        }

        foreach (var rejected in part.Rejected)
        {
            LogDeadLetter(rejected.Room, rejected.Seq, rejected.Reason);
        }

        metrics.DeadLettered(part.Rejected.Length);
    }

    /// <summary>One entry PostgreSQL refused on its own.</summary>
    private async Task IsolateAsync(ConsumeContext context, LogEntriesStored single, string reason)
    {
        if (single.Messages is [var message])
        {
            // Continues the message's own trace, which the send carries on to the isolated queue.
            using var activity = ArchiveTelemetry.Source.StartActivity(
                "archive isolate", ActivityKind.Internal, ParentOf(message.TraceParent));
            LogMessageIsolated(message.Room, message.Seq, reason);
            var isolated = await context.GetSendEndpoint(IsolatedMessageStoredConsumerDefinition.Address);
            await isolated.Send(message, context.CancellationToken);
            return;
        }

        // A tombstone nothing can write (a moderator name or reason PostgreSQL refuses): recorded, so the lag moves on.
        var tombstone = single.Tombstones[0];
        var deadLetter = new LogEntryRejected(tombstone.Room, tombstone.Seq, $"tombstone refused by PostgreSQL: {reason}", DateTimeOffset.UtcNow);
        await WriteAsync(context, new LogEntriesStored([], [], [deadLetter]));
    }

    private static int Count(LogEntriesStored batch) => batch.Messages.Length + batch.Tombstones.Length + batch.Rejected.Length;

    /// <summary>The first half of the entries (messages, then tombstones, then rejected) and the rest; both non-empty.</summary>
    private static (LogEntriesStored First, LogEntriesStored Second) Halve(LogEntriesStored batch)
    {
        var half = Count(batch) / 2;
        var messages = Math.Min(half, batch.Messages.Length);
        var tombstones = Math.Min(half - messages, batch.Tombstones.Length);
        var rejected = half - messages - tombstones;
        return (
            new LogEntriesStored(batch.Messages[..messages], batch.Tombstones[..tombstones], batch.Rejected[..rejected]),
            new LogEntriesStored(batch.Messages[messages..], batch.Tombstones[tombstones..], batch.Rejected[rejected..]));
    }

    private static ActivityContext ParentOf(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL refused a batch of {Count} log entries ({Reason}); writing it in halves")]
    private partial void LogBatchRefused(int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {Room}/{Seq} refused by PostgreSQL ({Reason}); isolated")]
    private partial void LogMessageIsolated(string room, ulong seq, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Chat log entry {Room}/{Seq} will not be archived: {Reason}")]
    private partial void LogDeadLetter(string room, ulong seq, string reason);
}
