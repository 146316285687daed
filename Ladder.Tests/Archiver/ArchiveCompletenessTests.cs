namespace Ladder.Tests.Archiver;

[Collection(ArchiverCollection.Name)]
public sealed class ArchiveCompletenessTests(ArchiverAppFixture fixture)
{
    [Fact]
    public async Task TwoThousandMessagesBecomeExactlyTwoThousandRows()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var room = "bulk-" + Guid.NewGuid().ToString("N")[..8];
        await ChatLogWriter.WaitForStreamAsync(fixture.JetStream, timeout.Token);

        var published = await ChatLogWriter.PublishMessagesAsync(fixture.JetStream, room, 2000, timeout.Token);
        await ArchiveProbe.WaitForNoLagAsync(fixture.Database, published.Max(), timeout.Token);
        var archived = await ArchiveProbe.SeqsAsync(fixture.Database, room, timeout.Token);

        // Exactly the published seqs: none missing, none twice, nothing else.
        Assert.Equal(2000, published.Distinct().Count());
        Assert.Equal(published.Order(), archived);
    }
}
