using Ladder.Contracts.Log;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Ladder.Tests.Archiver;

/// <summary>
/// A backlog the relay cuts into full batches (the archiver is stopped while it is written, so it finds more than
/// <c>Archiver:Relay:BatchSize</c> entries at once), with every kind of entry inside one batch.
/// </summary>
[Collection(ArchiverCollection.Name)]
public sealed class ArchiveBatchTests(ArchiverAppFixture fixture)
{
    [Fact]
    public async Task ABacklogLargerThanABatchIsArchivedExactlyOnceAndAPoisonEntryLosesNoNeighbour()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var room = "batch-" + Guid.NewGuid().ToString("N")[..8];
        await ChatLogWriter.WaitForStreamAsync(fixture.JetStream, timeout.Token);

        await fixture.StopResourceAsync("archiver", timeout.Token);
        ulong[] before, after;
        ulong poison, unreadable, doomed, tombstone;
        try
        {
            // 2,500 messages (the default batch holds 1,000), with a message PostgreSQL refuses, an entry nothing can
            // read, and a message deleted by a tombstone that is in the same backlog.
            before = await ChatLogWriter.PublishMessagesAsync(fixture.JetStream, room, 1200, timeout.Token);
            poison = await ChatLogWriter.PublishMessageAsync(fixture.JetStream, room, "bot", "poison", "bad \0 text", timeout.Token);
            unreadable = await PublishUnreadableAsync(room, timeout.Token);
            after = await PublishMoreAsync(room, 1298, timeout.Token);
            doomed = before[600];
            tombstone = await ChatLogWriter.PublishTombstoneAsync(fixture.JetStream, room, doomed, "mod-test", timeout.Token);
        }
        finally
        {
            await fixture.StartResourceAsync("archiver", timeout.Token);
        }

        await ArchiveProbe.WaitForNoLagAsync(fixture.Database, tombstone, timeout.Token);

        // Every message but the poison one, each exactly once (a row per seq, nothing else).
        var archived = await ArchiveProbe.SeqsAsync(fixture.Database, room, timeout.Token);
        Assert.Equal([.. before.Concat(after).Order()], archived);
        Assert.NotNull(await ArchiveProbe.DeadLetterReasonAsync(fixture.Database, poison, timeout.Token));
        Assert.NotNull(await ArchiveProbe.DeadLetterReasonAsync(fixture.Database, unreadable, timeout.Token));
        Assert.True(await ArchiveProbe.DeletedAsync(fixture.Database, room, doomed, timeout.Token));
        Assert.False(await ArchiveProbe.DeletedAsync(fixture.Database, room, before[601], timeout.Token));
    }

    /// <summary>An entry of a kind no archiver knows: it can only be recorded as a dead letter.</summary>
    private async Task<ulong> PublishUnreadableAsync(string room, CancellationToken cancellationToken)
    {
        var ack = await fixture.JetStream.PublishAsync(
            NatsSubjects.Room(room),
            "{\"what\":\"not a chat log entry\"}"u8.ToArray(),
            headers: new NatsHeaders { [LogHeaders.Kind] = "bogus" },
            cancellationToken: cancellationToken);
        ack.EnsureSuccess();
        return ack.Seq;
    }

    /// <summary>More messages, with client message ids of their own (the first ones' would be deduplicated).</summary>
    private async Task<ulong[]> PublishMoreAsync(string room, int count, CancellationToken cancellationToken)
    {
        var seqs = new ulong[count];
        for (var start = 0; start < count; start += 50)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(50, count - start)).Select(async index =>
                seqs[index] = await ChatLogWriter.PublishMessageAsync(
                    fixture.JetStream, room, "bot", $"later-{index}", $"later message {index}", cancellationToken)));
        }

        return seqs;
    }
}
