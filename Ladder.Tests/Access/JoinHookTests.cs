using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.Access;

/// <summary>
/// <c>hooked:</c> rooms: a user without a grant is let in (or not) by the app's backend, which the test plays on the
/// platform's hook URL. The hook fails closed (an error status, a timeout) and its answers are cached per user and room.
/// </summary>
[Collection(LadderCollection.Name)]
public sealed class JoinHookTests(LadderAppFixture fixture)
{
    private const string AllowAll = """{"allow":true,"send":true,"ttlSeconds":30}""";

    [Fact]
    public async Task AnAllowLetsAUserWithoutAGrantJoinAndPost()
    {
        var user = Grants.User("allow");
        var room = HookedRoom();
        await using var backend = Backend(200, AllowAll);
        await using var socket = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);

        await socket.JoinAsync(room);
        await socket.SendAckedAsync(room, "a-1", "let in by the backend");

        // The send asked the same decision, answered from the cache; the node presented the platform's secret.
        Assert.Equal(1, backend.RequestsFor(user));
        Assert.Equal(0, backend.RequestsWithoutSecret);
    }

    [Fact]
    public async Task ADenyIsForbiddenWithTheBackendsReasonOnEveryPath()
    {
        var user = Grants.User("deny");
        var vague = Grants.User("vague");
        var room = HookedRoom();
        await using var backend = new JoinHookBackend(fixture.JoinHookUrl, fixture.JoinHookSecret, (asked, _) => Task.FromResult(asked == user
            ? (200, """{"allow":false,"reason":"not_in_team"}""")
            : (200, """{"allow":false,"reason":"Not in the team, sorry!"}""")));
        await using var socket = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);

        await socket.SendAsync(new { type = "join", room });
        var refused = await socket.NextAsync("error");
        Grants.AssertForbidden(refused, "not_in_team");
        Assert.Equal(room, (string?)refused["room"]);

        using var http = await Posting.ClientAsync(fixture.ChatNode(2), user);
        using (var page = await http.GetAsync($"/rooms/{Uri.EscapeDataString(room)}/messages"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
            Assert.Equal("not_in_team", (string?)JsonNode.Parse(await page.Content.ReadAsStringAsync())!["reason"]);
        }

        // A reason that is not a plain code is not passed on.
        await using var other = await TestSocket.ConnectAsync(fixture.ChatNode(1), vague);
        await other.SendAsync(new { type = "join", room });
        Grants.AssertForbidden(await other.NextAsync("error"), "hook_denied");
    }

    [Fact]
    public async Task ABackendErrorIsForbiddenHookUnavailableAndIsNotCached()
    {
        var user = Grants.User("err");
        var room = HookedRoom();
        await using var backend = Backend(500, """{"error":"database down"}""");
        await using var socket = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await socket.SendAsync(new { type = "join", room });
            Grants.AssertForbidden(await socket.NextAsync("error"), "hook_unavailable");
            Assert.Equal(attempt, backend.RequestsFor(user));
        }

        Assert.DoesNotContain(socket.All(), frame => (string?)frame["type"] == "joined");
    }

    [Fact]
    public async Task ABackendSlowerThanTheTimeoutIsForbiddenHookUnavailable()
    {
        var user = Grants.User("slow");
        var room = HookedRoom();
        var backendDelay = TimeSpan.FromSeconds(6);
        await using var backend = new JoinHookBackend(fixture.JoinHookUrl, fixture.JoinHookSecret, async (_, _) =>
        {
            await Task.Delay(backendDelay);
            return (200, AllowAll);
        });
        await using var socket = await TestSocket.ConnectAsync(fixture.ChatNode(2), user);

        var asked = Stopwatch.StartNew();
        await socket.SendAsync(new { type = "join", room });
        Grants.AssertForbidden(await socket.NextAsync("error"), "hook_unavailable");
        // Refused by the node's 1 s timeout, well before the backend would have said yes.
        Assert.True(asked.Elapsed < backendDelay - TimeSpan.FromSeconds(1), $"refused after {asked.Elapsed}");
        Assert.Equal(1, backend.RequestsFor(user));
    }

    [Fact]
    public async Task TwentyJoinsOfOneUserWithinTheTtlCostOneRequest()
    {
        var user = Grants.User("cache");
        var room = HookedRoom();
        await using var backend = Backend(200, AllowAll);
        var sockets = new List<TestSocket>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                sockets.Add(await TestSocket.ConnectAsync(fixture.ChatNode(1), user));
            }

            // Ten at once (the misses share one request), then ten resumes one after another (answered by the cache).
            await Task.WhenAll(sockets.Take(10).Select(socket => socket.JoinAsync(room)));
            foreach (var socket in sockets.Skip(10))
            {
                await socket.SendAsync(new { type = "hello", resume = new Dictionary<string, ulong> { [room] = 0 } });
                await socket.NextAsync("synced");
            }

            Assert.Equal(1, backend.RequestsFor(user));
        }
        finally
        {
            foreach (var socket in sockets)
            {
                await socket.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AReadOnlyAnswerJoinsButRefusesSends()
    {
        var user = Grants.User("ro");
        var room = HookedRoom();
        await using var backend = Backend(200, """{"allow":true,"send":false}""");
        await using var socket = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);

        await socket.JoinAsync(room);
        Grants.AssertForbidden(await socket.SendMessageAsync(room, "r-1", "may I?"), "send_grant_required");
    }

    [Fact]
    public async Task ATokenGrantDecidesWithoutAskingTheBackend()
    {
        var user = Grants.User("grant");
        var room = HookedRoom();
        await using var backend = Backend(200, """{"allow":false}""");
        var token = await Grants.TokenWithRoomsAsync(fixture, user, new() { [room] = "read+send" });
        await using var socket = await TestSocket.ConnectAsync(fixture.ChatNode(2), user, token);

        await socket.JoinAsync(room);
        await socket.SendAckedAsync(room, "g-1", "granted by the token");
        Assert.Equal(0, backend.Requests);
    }

    private static string HookedRoom() => "hooked:" + Rooms.New("h");

    private JoinHookBackend Backend(int status, string body) => new(fixture.JoinHookUrl, fixture.JoinHookSecret, status, body);
}
