using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

/// <summary>The limits of issue 12 at their edges: rooms per connection however they are joined, joins and leaves
/// per connection, connections per user over all nodes, and coalesced presence.</summary>
[Collection(LimitsCollection.Name)]
public sealed class ConnectionLimitTests(LimitsAppFixture fixture)
{
    [Fact]
    public async Task AHelloOverTheRoomCapJoinsUpToItAndRefusesEachExtraRoom()
    {
        const int extra = 3;
        var rooms = Enumerable.Range(0, LimitsAppFixture.MaxRoomsPerConnection + extra).Select(_ => Rooms.New()).ToList();
        await using var client = await TestSocket.ConnectAsync(fixture.ChatNode(1), User("hello"));

        var resume = new JsonObject();
        foreach (var room in rooms)
        {
            resume[room] = 0;
        }

        await client.SendRawAsync(new JsonObject { ["type"] = "hello", ["resume"] = resume }.ToJsonString());
        var refused = await client.TakeAsync("error", extra);
        var joined = await client.TakeAsync("joined", LimitsAppFixture.MaxRoomsPerConnection);
        await client.SendAsync(new { type = "join", room = Rooms.New() });
        var oneMore = await client.NextAsync("error");

        Assert.All(refused, error =>
        {
            Assert.Equal("forbidden", (string?)error["code"]);
            Assert.Equal("hello", (string?)error["ref"]);
        });
        // The rooms sent first are joined; the ones past the cap are refused, each by name.
        Assert.Equal(rooms[..LimitsAppFixture.MaxRoomsPerConnection].Order(), joined.Select(frame => (string)frame["room"]!).Order());
        Assert.All(rooms[LimitsAppFixture.MaxRoomsPerConnection..], room => Assert.Contains(refused, error => ((string)error["message"]!).Contains(room, StringComparison.Ordinal)));
        Assert.Equal("forbidden", (string?)oneMore["code"]);
        Assert.Equal("join", (string?)oneMore["ref"]);
        Assert.Equal(LimitsAppFixture.MaxRoomsPerConnection, client.All().Count(frame => (string?)frame["type"] == "joined"));
    }

    [Fact]
    public async Task TheJoinBudgetPassesAndTheNextJoinIsRateLimitedWithRetryAfter()
    {
        var room = Rooms.New();
        await using var client = await TestSocket.ConnectAsync(fixture.ChatNode(2), User("budget"));
        for (var i = 0; i < LimitsAppFixture.JoinBurst; i++)
        {
            if (i % 2 == 0)
            {
                await client.JoinAsync(room);
            }
            else
            {
                await client.SendAsync(new { type = "leave", room });
                await client.NextAsync("left");
            }
        }

        await client.SendAsync(new { type = "join", room = Rooms.New() });
        var limited = await client.NextAsync("error");

        Assert.Equal("rate_limited", (string?)limited["code"]);
        Assert.Equal("join", (string?)limited["ref"]);
        // One join every 5 s at 0.2/s.
        Assert.InRange((long)limited["retryAfterMs"]!, 1, 5000);
        Assert.Single(client.All(), frame => (string?)frame["type"] == "error");
    }

    [Fact]
    public async Task LeaveJoinCyclesWithinTheWindowAnnounceNothingButTheFinalLeave()
    {
        var room = Rooms.New();
        var cycler = User("cycler");
        await using var watcher = await TestSocket.ConnectAsync(fixture.ChatNode(1), User("watcher"));
        await watcher.JoinAsync(room);
        await using var client = await TestSocket.ConnectAsync(fixture.ChatNode(2), cycler);
        await client.JoinAsync(room);
        var came = await watcher.NextAsync("presence");
        while ((string?)came["joinedUser"] != cycler)
        {
            came = await watcher.NextAsync("presence");
        }

        for (var i = 0; i < 4; i++)
        {
            await client.SendAsync(new { type = "leave", room });
            await client.NextAsync("left");
            await client.JoinAsync(room);
        }

        await client.SendAsync(new { type = "leave", room });
        var went = await watcher.NextAsync("presence", TimeSpan.FromSeconds(30));

        Assert.Equal(cycler, (string?)went["leftUser"]);

        // chat-2 publishes its presence changes in order: once another user's join from there arrives, every change
        // of the cycler's has arrived too.
        var marker = User("marker");
        await using var late = await TestSocket.ConnectAsync(fixture.ChatNode(2), marker);
        await late.JoinAsync(room);
        while ((string?)(await watcher.NextAsync("presence"))["joinedUser"] != marker)
        {
        }

        var aboutCycler = watcher.All().Where(frame => (string?)frame["type"] == "presence"
            && ((string?)frame["joinedUser"] == cycler || (string?)frame["leftUser"] == cycler)).ToList();
        Assert.Equal(2, aboutCycler.Count);
    }

    [Fact]
    public async Task AUserOverTheConnectionLimitOnAnyNodeIsRefusedWith429BeforeTheUpgrade()
    {
        var user = User("many");
        var open = new List<TestSocket>();
        try
        {
            for (var i = 0; i < LimitsAppFixture.MaxConnectionsPerUser; i++)
            {
                open.Add(await TestSocket.ConnectAsync(fixture.ChatNode(1 + (i % 2)), user));
            }

            foreach (var node in new[] { 1, 2 })
            {
                var token = await TestSocket.TokenAsync(fixture.ChatNode(node), user);
                var refused = await Assert.ThrowsAsync<WebSocketException>(() => TestSocket.ConnectAsync(fixture.ChatNode(node), user, token));
                Assert.Contains("429", refused.Message);

                using var http = new HttpClient { BaseAddress = fixture.ChatNode(node), Timeout = TimeSpan.FromSeconds(10) };
                using var sse = new HttpRequestMessage(HttpMethod.Get, "/sse?rooms=" + Rooms.New() + ":0");
                sse.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var answer = await http.SendAsync(sse, HttpCompletionOption.ResponseHeadersRead);
                Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode);
                Assert.NotNull(answer.Headers.RetryAfter?.Delta);
                Assert.Equal("rate_limited", (string?)JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["code"]);
            }

            // A closed connection frees its place (on another node than the one that counted it).
            await open[0].DisposeAsync();
            open.RemoveAt(0);
            open.Add(await ConnectWhenFreedAsync(fixture.ChatNode(2), user));
        }
        finally
        {
            foreach (var socket in open)
            {
                await socket.DisposeAsync();
            }
        }
    }

    /// <summary>The server frees the place when its side of the socket ends, a moment after the client's close.</summary>
    private static async Task<TestSocket> ConnectWhenFreedAsync(Uri node, string user)
    {
        var deadline = DateTime.UtcNow + TestSocket.DefaultTimeout;
        while (true)
        {
            try
            {
                return await TestSocket.ConnectAsync(node, user);
            }
            catch (WebSocketException exception) when (exception.Message.Contains("429", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100); // retry interval, under the deadline
            }
        }
    }

    private static string User(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];
}
