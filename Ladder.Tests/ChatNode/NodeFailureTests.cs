using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Ladder.Contracts.State;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

[Collection(FailureCollection.Name)]
public sealed class NodeFailureTests(FailureAppFixture fixture)
{
    [Fact]
    public async Task ClientsOfAKilledNodeResumeOnTheOtherAndMissNothing()
    {
        var room = Rooms.New();
        var victims = new List<TestSocket>();
        foreach (var user in new[] { "alice", "bob" })
        {
            var client = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);
            await client.JoinAsync(room);
            victims.Add(client);
        }

        var carol = await TestSocket.ConnectAsync(fixture.ChatNode(1), "carol");
        await carol.JoinAsync(room);
        await using var watcher = await TestSocket.ConnectAsync(fixture.ChatNode(2), "watcher");
        await watcher.JoinAsync(room);

        using var stop = new CancellationTokenSource();
        var posting = PostUntilStoppedAsync(room, stop.Token);
        await victims[0].NextAsync("message");

        var pid = LocalProcessScan.ServiceProcess("Ladder.ChatNode", "chat-1", fixture.ChatNode(1).Port);
        Process.GetProcessById(pid).Kill();
        foreach (var victim in victims)
        {
            await victim.WaitClosedAsync();
        }

        var resumed = new List<TestSocket>();
        foreach (var victim in victims)
        {
            var lastKnownId = victim.All().Where(IsMessage).Select(Seq).DefaultIfEmpty(0UL).Max();
            var client = await TestSocket.ConnectAsync(fixture.ChatNode(2), victim.User);
            await client.JoinAsync(room, lastKnownId);
            resumed.Add(client);
        }

        // carol does not come back: her presence expires with her node's refreshes (PresenceTimeout, then a sweep and
        // the coalescing window). A liveness wait with room for a loaded CI machine, not a timing assertion.
        var carolLeft = await watcher.NextAsync("presence", TimeSpan.FromSeconds(60));
        while ((string?)carolLeft["leftUser"] != "carol")
        {
            carolLeft = await watcher.NextAsync("presence", TimeSpan.FromSeconds(60));
        }

        // Deliberately lets the poster run on for a second after the resumes and carol's expiry, so that messages
        // posted after them are checked too.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        var posted = await posting;
        for (var i = 0; i < victims.Count; i++)
        {
            var before = victims[i].All().Where(IsMessage).Select(Seq).ToList();
            var afterCount = posted.Count - before.Count;
            var after = (await resumed[i].TakeAsync("message", afterCount)).Select(Seq).ToList();
            Assert.Equal(posted, before.Concat(after).ToList());
            await victims[i].DisposeAsync();
            await resumed[i].DisposeAsync();
        }

        await carol.DisposeAsync();
    }

    [Fact]
    public async Task ChatGoesOnWhileRedisIsDownAndHealthIsDegraded()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var room = Rooms.New();
        await fixture.StopResourceAsync("redis", timeout.Token);
        TestSocket alice;
        try
        {
            alice = await TestSocket.ConnectAsync(fixture.ChatNode(2), "alice-r");
            await alice.JoinAsync(room);
            var presence = await alice.NextAsync("presence");
            using var http = await Posting.ClientAsync(fixture.ChatNode(2), "poster-r");
            var seq = await Posting.OneAsync(http, room, "while-redis-down", "still here");
            var message = await alice.NextAsync("message");
            using var health = fixture.CreateHttpClient("chat-2");
            var status = await (await health.GetAsync("/health", timeout.Token)).Content.ReadAsStringAsync(timeout.Token);

            Assert.Equal(["alice-r"], presence["online"]!.AsArray().Select(user => (string?)user));
            Assert.Equal(seq, (ulong)message["seq"]!);
            Assert.Equal("Degraded", status);
        }
        finally
        {
            await fixture.StartResourceAsync("redis", timeout.Token);
        }

        // Back in Redis, alice's presence (made while it was away) is where every node sweeps from: were her node to
        // die now, she would still leave. A restarted Redis is empty, so only the node's refresh can put her back.
        await using (alice)
        await using (var stores = await Admin.PlatformStores.OpenAsync(fixture))
        {
            await Admin.PlatformStores.EventuallyAsync<string>(async () =>
            {
                var redis = stores.Redis.GetDatabase();
                var swept = await redis.SetContainsAsync(RedisKeys.PresenceRooms, room);
                var entries = await redis.SortedSetRangeByScoreAsync(RedisKeys.Presence(room));
                return swept && entries.Any(entry => entry.ToString().StartsWith("alice-r|", StringComparison.Ordinal)) ? "present" : null;
            }, "alice-r's presence back in Redis and in the swept rooms", TimeSpan.FromSeconds(60));
        }
    }

    [Fact]
    public async Task AClientThatStopsReadingIsClosedWith4008AndSeesWhatWasQueuedFirst()
    {
        var room = Rooms.New();
        var token = await TestSocket.TokenAsync(fixture.ChatNode(2), "sleepy");
        using var sleepy = new ClientWebSocket();
        sleepy.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        sleepy.Options.SetBuffer(1024, 1024);
        await sleepy.ConnectAsync(new Uri(fixture.ChatNode(2).ToWebSocket(), "/ws"), CancellationToken.None);
        await sleepy.SendAsync(System.Text.Encoding.UTF8.GetBytes($$"""{"type":"join","room":"{{room}}"}"""), WebSocketMessageType.Text, true, CancellationToken.None);

        // Big messages fill the kernel's socket buffers (a few MiB on loopback), then the node's queue of 32 frames.
        var text = new string('z', FailureAppFixture.MaxTextLength);
        var posted = 0;
        for (var user = 0; user < 8; user++)
        {
            using var http = await Posting.ClientAsync(fixture.ChatNode(1), $"flooder{user}");
            for (var i = 0; i < 40; i++, posted++)
            {
                await Posting.OneAsync(http, room, $"z{i}", text);
            }
        }

        // Now read: the frames already on their way come first, then the close.
        var buffer = new byte[1 << 16];
        WebSocketReceiveResult result;
        var frames = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        do
        {
            result = await sleepy.ReceiveAsync(buffer, timeout.Token);
            if (result.EndOfMessage && result.MessageType == WebSocketMessageType.Text)
            {
                frames++;
            }
        }
        while (result.MessageType != WebSocketMessageType.Close);

        Assert.Equal((WebSocketCloseStatus)4008, result.CloseStatus);
        Assert.InRange(frames, 2, posted + 1);
        Assert.True(frames < posted, $"the node stopped queueing: {frames} frames of {posted} messages reached the client");

        // The node is unharmed: others still chat on it.
        await using var other = await TestSocket.ConnectAsync(fixture.ChatNode(2), "other");
        await other.JoinAsync(Rooms.New());
    }

    private async Task<List<ulong>> PostUntilStoppedAsync(string room, CancellationToken stop)
    {
        var seqs = new List<ulong>();
        for (var user = 0; !stop.IsCancellationRequested; user++)
        {
            using var http = await Posting.ClientAsync(fixture.ChatNode(2), $"poster{user}");
            for (var i = 0; i < 40 && !stop.IsCancellationRequested; i++)
            {
                seqs.Add(await Posting.OneAsync(http, room, $"p{i}", $"message {seqs.Count}"));
                await Task.Delay(20, CancellationToken.None); // pacing: posts must span the node's failure
            }
        }

        return seqs;
    }

    private static bool IsMessage(JsonObject frame) => (string?)frame["type"] == "message";

    private static ulong Seq(JsonObject frame) => (ulong)frame["seq"]!;
}
