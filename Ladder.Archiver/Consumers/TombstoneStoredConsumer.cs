using Ladder.Archiver.Storage;
using Ladder.Archiver.Telemetry;
using Ladder.Contracts.Bus;
using MassTransit;

namespace Ladder.Archiver.Consumers;

/// <summary>
/// Records moderators' deletions in batches and flags the deleted messages, whichever is archived first. Drains what an
/// archiver from before batched relaying left in <c>archive-tombstones</c> (<see cref="LogEntriesStoredConsumer"/> writes
/// the relay's batches, tombstones included).
/// </summary>
internal sealed class TombstoneStoredConsumer(ArchiveStore store) : IConsumer<Batch<TombstoneStored>>
{
    public async Task Consume(ConsumeContext<Batch<TombstoneStored>> context)
    {
        using var activity = MessageTrace.StartBatch("archive tombstones", context.Message);
        await store.WriteTombstonesAsync(context.Message.Select(item => item.Message).ToArray(), context.CancellationToken);
    }
}
