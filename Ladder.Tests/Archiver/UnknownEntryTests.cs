using Ladder.Contracts.Log;
using Ladder.Tests.Infrastructure;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Ladder.Tests.Archiver;

/// <summary>The node and the archiver agree on an entry without the kind header (see <see cref="LogEntryReader"/>).</summary>
[Collection(ArchiverCollection.Name)]
public sealed class UnknownEntryTests(ArchiverAppFixture fixture)
{
    [Fact]
    public async Task AnEntryWithoutTheKindHeaderReachesNoMemberAndIsDeadLetteredByTheArchiver()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var room = Rooms.New("nokind");
        await ChatLogWriter.WaitForStreamAsync(fixture.JetStream, timeout.Token);
        await using var member = await TestSocket.ConnectAsync(fixture.ChatNode(1), "reader");
        await member.JoinAsync(room);

        // A complete message body, only without the header every Ladder writer sets.
        var body = LogEntryWriter.Message(new StoredMessage("ghost", "unheaded", "ghost-1", DateTimeOffset.UtcNow), new NatsHeaders());
        var ack = await fixture.JetStream.PublishAsync(NatsSubjects.Room(room), body, cancellationToken: timeout.Token);
        ack.EnsureSuccess();
        var headless = ack.Seq;
        var after = await ChatLogWriter.PublishMessageAsync(fixture.JetStream, room, "bot", "after", "with header", timeout.Token);

        // The member's first message is the one after: the headerless entry was skipped, not shown.
        var received = await member.NextAsync("message");
        Assert.Equal(after, (ulong)received["seq"]!);

        // The archiver dead-letters it and archives the next one: the archive and the live view agree.
        await ArchiveProbe.WaitForNoLagAsync(fixture.Database, after, timeout.Token);
        Assert.Equal([after], await ArchiveProbe.SeqsAsync(fixture.Database, room, timeout.Token));
        Assert.Contains(LogHeaders.Kind, await ArchiveProbe.DeadLetterReasonAsync(fixture.Database, headless, timeout.Token), StringComparison.Ordinal);
    }
}
