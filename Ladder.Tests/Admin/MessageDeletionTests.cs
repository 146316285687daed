using System.Net.Http.Json;
using Ladder.Contracts.Log;
using Ladder.Contracts.Moderation;
using Ladder.Contracts.Wire;
using Ladder.Tests.Archiver;
using Ladder.Tests.Infrastructure;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Net;

namespace Ladder.Tests.Admin;

/// <summary>A moderator's deletion, end to end through RabbitMQ, the archiver's consumer, JetStream and both chat nodes.</summary>
[Collection(LadderCollection.Name)]
public sealed class MessageDeletionTests(LadderAppFixture fixture)
{
    [Fact]
    public async Task DeletionReachesLiveMembersOnBothNodesAndNeverComesBack()
    {
        var room = Rooms.New("del");
        await using var alice = await TestSocket.ConnectAsync(fixture.ChatNode(1), "alice-" + room[4..12]);
        await using var bob = await TestSocket.ConnectAsync(fixture.ChatNode(2), "bob-" + room[4..12]);
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);

        var kept = (ulong)(await alice.SendAckedAsync(room, "a-1", "this one stays"))["seq"]!;
        var doomed = (ulong)(await alice.SendAckedAsync(room, "a-2", "this one goes"))["seq"]!;
        await bob.TakeAsync("message", 2);

        await using var bus = await ModerationBus.StartAsync(fixture);
        await bus.PublishAsync(new DeleteMessage(room, doomed, "mod-test", "spam"));

        foreach (var member in new[] { alice, bob })
        {
            var deleted = await member.NextAsync("deleted");
            Assert.Equal(room, (string?)deleted["room"]);
            Assert.Equal(doomed, (ulong)deleted["seq"]!);
        }

        // A later resume from before both messages: the kept one replays, the deleted one only as its tombstone.
        await using var late = await TestSocket.ConnectAsync(fixture.ChatNode(2), "carol-" + room[4..12]);
        await late.JoinAsync(room, kept - 1);
        await late.NextAsync("synced");
        var replayed = late.All().Where(frame => (string?)frame["room"] == room).ToList();
        Assert.Contains(replayed, frame => (string?)frame["type"] == "message" && (ulong)frame["seq"]! == kept);
        Assert.DoesNotContain(replayed, frame => (string?)frame["type"] == "message" && (ulong)frame["seq"]! == doomed);
        Assert.Contains(replayed, frame => (string?)frame["type"] == "deleted" && (ulong)frame["seq"]! == doomed);
        Assert.DoesNotContain(replayed, frame => frame.ToJsonString().Contains("this one goes", StringComparison.Ordinal));

        // The stream no longer holds the text at all.
        await using var nats = new NatsConnection(new NatsOpts { Url = (await fixture.App.GetConnectionStringAsync("nats"))! });
        var stream = await nats.CreateJetStreamContext().GetStreamAsync(NatsSubjects.ChatStream);
        var missing = await Assert.ThrowsAsync<NatsJSApiException>(async () => await stream.GetAsync(new StreamMsgGetRequest { Seq = doomed }));
        Assert.Equal(404, missing.Error.Code);

        // The archive marks the row deleted, and a history page shows it without its text.
        await using var stores = await PlatformStores.OpenAsync(fixture);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await PlatformStores.EventuallyAsync(
            async () => await ArchiveProbe.DeletedAsync(stores.Database, room, doomed, timeout.Token) ? "deleted" : null, "archive row marked deleted");
        using var http = await Posting.ClientAsync(fixture.ChatNode(1), "dave-" + room[4..12]);
        var page = await http.GetFromJsonAsync($"/rooms/{room}/messages?limit=10", WireJsonContext.Default.HistoryResponse);
        var items = page!.Messages.ToDictionary(item => item.Seq);
        Assert.True(items[doomed].Deleted);
        Assert.Null(items[doomed].Text);
        Assert.Equal("this one stays", items[kept].Text);

        // Who, what, why: the audit row names the author of the removed message.
        var audit = await PlatformStores.EventuallyAsync(() => stores.AuditAsync("delete", room, null), "audit row");
        Assert.Equal($"mod-test|delete|{room}|alice-{room[4..12]}|{doomed}|spam", audit);
    }

    [Fact]
    public async Task DeletingTheSameMessageTwiceLeavesOneTombstoneAndOneAuditRow()
    {
        var room = Rooms.New("del");
        var user = "erin-" + room[4..12];
        await using var erin = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);
        await erin.JoinAsync(room);
        var seq = (ulong)(await erin.SendAckedAsync(room, "e-1", "twice"))["seq"]!;

        await using var bus = await ModerationBus.StartAsync(fixture);
        await bus.PublishAsync(new DeleteMessage(room, seq, "mod-test", "dup"));
        await erin.NextAsync("deleted");
        await bus.PublishAsync(new DeleteMessage(room, seq, "mod-test", "dup"));

        await using var stores = await PlatformStores.OpenAsync(fixture);
        await PlatformStores.EventuallyAsync(async () => await stores.CountAuditAsync("delete", user) == 2 ? "two" : null, "second audit row");
        // The second command is a separate moderator action, but the log gets no second tombstone (Nats-Msg-Id dedupe).
        // Its audit row is written after its tombstone publish, and a later message reaches erin after any tombstone
        // stored before it: once that message is in, a second tombstone would be too.
        var later = (ulong)(await erin.SendAckedAsync(room, "e-2", "later"))["seq"]!;
        while ((ulong)(await erin.NextAsync("message"))["seq"]! != later)
        {
        }

        Assert.Single(erin.All(), frame => (string?)frame["type"] == "deleted");
    }
}
