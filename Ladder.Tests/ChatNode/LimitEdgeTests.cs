using System.Net.WebSockets;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

[Collection(LimitsCollection.Name)]
public sealed class LimitEdgeTests(LimitsAppFixture fixture)
{
    [Fact]
    public async Task TheBurstPassesAndTheNextSendIsRateLimitedWithRetryAfter()
    {
        var room = Rooms.New();
        await using var client = await TestSocket.ConnectAsync(fixture.ChatNode(2), $"burst-{Guid.NewGuid():N}"[..20]);
        await client.JoinAsync(room);

        for (var i = 0; i < LimitsAppFixture.SendBurst; i++)
        {
            await client.SendAckedAsync(room, $"b{i}", "x");
        }

        var limited = await client.SendMessageAsync(room, "over", "x");

        Assert.Equal("rate_limited", (string?)limited["code"]);
        Assert.Equal("over", (string?)limited["ref"]);
        // One token every 5 s at 0.2/s.
        Assert.InRange((long)limited["retryAfterMs"]!, 1, 5000);
    }

    [Fact]
    public async Task AUserOnTwoNodesHasOneSendBudget()
    {
        var room = Rooms.New();
        var user = $"both-{Guid.NewGuid():N}"[..20];
        await using var onFirst = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);
        await using var onSecond = await TestSocket.ConnectAsync(fixture.ChatNode(2), user);
        await onFirst.JoinAsync(room);
        await onSecond.JoinAsync(room);

        for (var i = 0; i < LimitsAppFixture.SendBurst; i++)
        {
            await (i % 2 == 0 ? onFirst : onSecond).SendAckedAsync(room, $"b{i}", "x");
        }

        var onOne = await onFirst.SendMessageAsync(room, "over-1", "x");
        var onOther = await onSecond.SendMessageAsync(room, "over-2", "x");

        Assert.Equal("rate_limited", (string?)onOne["code"]);
        Assert.Equal("rate_limited", (string?)onOther["code"]);
    }

    [Fact]
    public async Task RefusalsInARowUpToTheStrikeLimitCloseWith4029()
    {
        var room = Rooms.New();
        await using var client = await TestSocket.ConnectAsync(fixture.ChatNode(2), $"flood-{Guid.NewGuid():N}"[..20]);
        await client.JoinAsync(room);
        for (var i = 0; i < LimitsAppFixture.SendBurst; i++)
        {
            await client.SendAckedAsync(room, $"ok{i}", "x");
        }

        for (var i = 0; i < LimitsAppFixture.FloodStrikes - 1; i++)
        {
            Assert.Equal("rate_limited", (string?)(await client.SendMessageAsync(room, $"s{i}", "x"))["code"]);
        }

        Assert.Null(client.CloseStatus);
        await client.SendAsync(new { type = "send", room, clientMsgId = "last", text = "x" });
        var status = await client.WaitClosedAsync();

        Assert.Equal((WebSocketCloseStatus)4029, status);
    }

    [Fact]
    public async Task AGapAboveMaxReplayIsAnnouncedAsTruncatedAndTheNewestAreReplayed()
    {
        var room = Rooms.New();
        var first = await Posting.ManyAsync(fixture.ChatNode(2), room, 1, "first");
        var missed = await PostSlowlyAsync(room, 50);

        await using var bob = await TestSocket.ConnectAsync(fixture.ChatNode(2), "bob");
        await bob.JoinAsync(room, first[0]);
        var truncated = await bob.NextAsync();
        var replayed = await bob.TakeAsync("message", LimitsAppFixture.MaxReplay);
        var synced = await bob.NextAsync();

        Assert.Equal("truncated", (string?)truncated["type"]);
        Assert.Equal(first[0], (ulong)truncated["from"]!);
        Assert.Equal(missed[^(LimitsAppFixture.MaxReplay + 1)], (ulong)truncated["to"]!);
        Assert.Equal(missed[^LimitsAppFixture.MaxReplay..], replayed.Select(frame => (ulong)frame["seq"]!).ToList());
        Assert.Equal("synced", (string?)synced["type"]);
        Assert.Equal(missed[^1], (ulong)synced["seq"]!);
    }

    [Fact]
    public async Task AGapOfExactlyMaxReplayIsReplayedWhole()
    {
        var room = Rooms.New();
        var first = await Posting.ManyAsync(fixture.ChatNode(2), room, 1, "first");
        var missed = await PostSlowlyAsync(room, LimitsAppFixture.MaxReplay);

        await using var bob = await TestSocket.ConnectAsync(fixture.ChatNode(2), "bob");
        await bob.JoinAsync(room, first[0]);
        var replayed = await bob.TakeAsync("message", LimitsAppFixture.MaxReplay);
        await bob.NextAsync("synced");

        Assert.Equal(missed, replayed.Select(frame => (ulong)frame["seq"]!).ToList());
        Assert.DoesNotContain(bob.All(), frame => (string?)frame["type"] == "truncated");
    }

    /// <summary>
    /// A gap the node still holds in memory (3 short messages fit in <c>RecentEntriesMaxBytes</c>) and one only the log
    /// has (15, within <c>MaxReplay</c>): either way exactly the missed messages, then <c>synced</c>, then live. (This
    /// collection runs one test at a time, so the resumed room's messages are the newest of the log.) The exact edge
    /// of the budget is in <c>RecentEntriesTests</c>.
    /// </summary>
    [Theory]
    [InlineData(3)]
    [InlineData(15)]
    public async Task AResumeFromMemoryAndOneFromTheLogAreAlike(int gap)
    {
        var room = Rooms.New();
        var first = await Posting.ManyAsync(fixture.ChatNode(2), room, 1, "first");
        var missed = await PostSlowlyAsync(room, gap);

        await using var bob = await TestSocket.ConnectAsync(fixture.ChatNode(1), "bob");
        var joined = await bob.JoinAsync(room, first[0]);
        var replayed = await bob.TakeAsync("message", gap);
        var synced = await bob.NextAsync("synced");
        var live = await PostSlowlyAsync(room, 1);
        var liveFrame = await bob.NextAsync("message");

        Assert.Equal(missed[^1], (ulong)joined["head"]!);
        Assert.Equal(missed, replayed.Select(frame => (ulong)frame["seq"]!).ToList());
        Assert.Equal(missed[^1], (ulong)synced["seq"]!);
        Assert.Equal(live[0], (ulong)liveFrame["seq"]!);
        Assert.DoesNotContain(bob.All(), frame => (string?)frame["type"] is "truncated" or "error");
    }

    /// <summary>Posts from as many users as the small burst needs.</summary>
    private async Task<List<ulong>> PostSlowlyAsync(string room, int count)
    {
        var seqs = new List<ulong>();
        for (var user = 0; seqs.Count < count; user++)
        {
            using var http = await Posting.ClientAsync(fixture.ChatNode(2), $"p{user}-{Guid.NewGuid():N}"[..16]);
            for (var i = 0; i < LimitsAppFixture.SendBurst && seqs.Count < count; i++)
            {
                seqs.Add(await Posting.OneAsync(http, room, $"m{seqs.Count}", "missed"));
            }
        }

        return seqs;
    }
}
