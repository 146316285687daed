using System.Text.Json.Nodes;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

[Collection(LadderCollection.Name)]
public sealed class ResumeTests(LadderAppFixture fixture)
{
    [Fact]
    public async Task ReconnectingToTheOtherNodeReplaysExactlyTheMissedMessagesThenGoesLive()
    {
        var room = Rooms.New();
        var lastKnownId = await LastSeenThenDisconnectAsync(room);
        var missed = await Posting.ManyAsync(fixture.ChatNode(1), room, 50, "poster");

        await using var bob = await TestSocket.ConnectAsync(fixture.ChatNode(2), "bob");
        await bob.SendAsync(new { type = "hello", resume = new Dictionary<string, ulong> { [room] = lastKnownId } });
        var joined = await bob.NextAsync();
        var replayed = await bob.TakeAsync("message", missed.Count);
        var synced = await bob.NextAsync();
        using var live = await Posting.ClientAsync(fixture.ChatNode(1), "live-poster");
        var liveSeq = await Posting.OneAsync(live, room, "live-1", "after the resume");
        var liveFrame = await bob.NextAsync("message");

        Assert.Equal("joined", (string?)joined["type"]);
        Assert.Equal(missed[^1], (ulong)joined["head"]!);
        Assert.Equal(missed, Seqs(replayed));
        Assert.Equal("synced", (string?)synced["type"]);
        Assert.Equal(missed[^1], (ulong)synced["seq"]!);
        Assert.Equal("message", (string?)liveFrame["type"]);
        Assert.Equal(liveSeq, (ulong)liveFrame["seq"]!);
        Assert.DoesNotContain(bob.All(), frame => (string?)frame["type"] == "truncated" || (string?)frame["type"] == "error");
    }

    [Fact]
    public async Task MessagesPostedDuringTheReplayAreNeitherLostNorDoubled()
    {
        var room = Rooms.New();
        var lastKnownId = await LastSeenThenDisconnectAsync(room);
        var missed = await Posting.ManyAsync(fixture.ChatNode(1), room, 300, "early");

        await using var bob = await TestSocket.ConnectAsync(fixture.ChatNode(2), "bob");
        var during = Posting.ManyAsync(fixture.ChatNode(1), room, 200, "during");
        await bob.JoinAsync(room, lastKnownId);
        var posted = missed.Concat(await during).Order().ToList();
        var received = await bob.TakeAsync("message", posted.Count);

        Assert.Equal(posted, Seqs(received));
        var frames = bob.All().Select(frame => (string?)frame["type"]).ToList();
        Assert.Single(frames, type => type == "synced");
        // Entries reach bob in seq order: once a later marker is in, no doubled earlier one can still arrive.
        using var poster = await Posting.ClientAsync(fixture.ChatNode(1), "marker-poster");
        var marker = await Posting.OneAsync(poster, room, "marker", "marker");
        while ((ulong)(await bob.NextAsync("message"))["seq"]! != marker)
        {
        }

        Assert.Equal([.. posted, marker], Seqs(bob.All().Where(frame => (string?)frame["type"] == "message").ToList()));
    }

    [Fact]
    public async Task AJoinWithoutLastKnownIdStartsAtTheHeadWithoutSynced()
    {
        var room = Rooms.New();
        var earlier = await Posting.ManyAsync(fixture.ChatNode(1), room, 3, "before");
        await using var carol = await TestSocket.ConnectAsync(fixture.ChatNode(2), "carol");

        var joined = await carol.JoinAsync(room);
        using var http = await Posting.ClientAsync(fixture.ChatNode(1), "after");
        var next = await Posting.OneAsync(http, room, "after-1", "live");
        var live = await carol.NextAsync("message");

        Assert.Equal(earlier[^1], (ulong)joined["head"]!);
        Assert.Equal(next, (ulong)live["seq"]!);
        Assert.DoesNotContain(carol.All(), frame => (string?)frame["type"] == "synced");
    }

    [Fact]
    public async Task AResumeOfARoomWithNothingMissedIsSyncedAtTheHead()
    {
        var room = Rooms.New();
        var lastKnownId = await LastSeenThenDisconnectAsync(room);
        await using var bob = await TestSocket.ConnectAsync(fixture.ChatNode(2), "bob");

        await bob.JoinAsync(room, lastKnownId);
        var synced = await bob.NextAsync();

        Assert.Equal("synced", (string?)synced["type"]);
        Assert.Equal(lastKnownId, (ulong)synced["seq"]!);
    }

    /// <summary>bob sees one message on chat-1, then drops; returns its seq (his lastKnownId).</summary>
    private async Task<ulong> LastSeenThenDisconnectAsync(string room)
    {
        await using var bob = await TestSocket.ConnectAsync(fixture.ChatNode(1), "bob");
        await bob.JoinAsync(room);
        using var http = await Posting.ClientAsync(fixture.ChatNode(1), "alice");
        await Posting.OneAsync(http, room, $"first-{room}", "before bob leaves");
        var seen = await bob.NextAsync("message");
        return (ulong)seen["seq"]!;
    }

    private static List<ulong> Seqs(IEnumerable<JsonObject> frames) => [.. frames.Select(frame => (ulong)frame["seq"]!)];
}
