namespace Ladder.Tests.Archiver;

[Collection(ArchiverCollection.Name)]
public sealed class PoisonMessageTests(ArchiverAppFixture fixture)
{
    [Fact]
    public async Task AMessagePostgresRefusesGoesToTheErrorQueueAndTheOthersAreArchived()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var room = "poison-" + Guid.NewGuid().ToString("N")[..8];
        await ChatLogWriter.WaitForStreamAsync(fixture.JetStream, timeout.Token);

        var first = await ChatLogWriter.PublishMessageAsync(fixture.JetStream, room, "bot", "first", "fine", timeout.Token);
        // PostgreSQL text cannot hold NUL: this message can never be written.
        var poison = await ChatLogWriter.PublishMessageAsync(fixture.JetStream, room, "bot", "poison", "bad \0 text", timeout.Token);
        var later = await ChatLogWriter.PublishMessagesAsync(fixture.JetStream, room, 50, timeout.Token);

        // The dead letter moves the contiguous position past the poison: lag goes back to 0.
        await ArchiveProbe.WaitForNoLagAsync(fixture.Database, later.Max(), timeout.Token);
        var archived = await ArchiveProbe.SeqsAsync(fixture.Database, room, timeout.Token);
        Assert.Equal([first, .. later.Order()], archived);
        Assert.NotNull(await ArchiveProbe.DeadLetterReasonAsync(fixture.Database, poison, timeout.Token));

        var errorQueue = await ArchiveProbe.PeekQueueAsync(fixture.RabbitMqConnectionString, "archive-messages-isolated_error", timeout.Token);
        Assert.Contains(errorQueue, body => body.Contains(room, StringComparison.Ordinal) && body.Contains($"\"seq\":{poison}", StringComparison.Ordinal));
    }
}
