using Ladder.Archiver.Storage;
using Ladder.Archiver.Telemetry;
using Ladder.Contracts.Bus;
using MassTransit;

namespace Ladder.Archiver.Consumers;

/// <summary>
/// Writes one message that PostgreSQL refused as part of a batch. It is retried a few times like any message; if it still
/// cannot be written, MassTransit moves it to <c>archive-messages-isolated_error</c> and publishes its fault, which
/// <see cref="DeadLetterConsumer"/> records.
/// </summary>
internal sealed class IsolatedMessageStoredConsumer(ArchiveStore store, ArchiveMetrics metrics) : IConsumer<MessageStored>
{
    public async Task Consume(ConsumeContext<MessageStored> context) =>
        metrics.Written(await store.WriteMessagesAsync([context.Message], context.CancellationToken));
}
