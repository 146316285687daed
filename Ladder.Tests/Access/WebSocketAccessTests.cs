using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.Access;

/// <summary>Private rooms over WebSocket: join, hello resume, send, typing and history all ask the same decision.</summary>
[Collection(LadderCollection.Name)]
public sealed class WebSocketAccessTests(LadderAppFixture fixture)
{
    [Fact]
    public async Task AJoinWithoutAGrantIsForbiddenAndWithASendGrantTheUserReadsAndPosts()
    {
        var user = Grants.User("ws");
        var room = Grants.TeamRoom();
        await using var socket = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);

        await socket.SendAsync(new { type = "join", room });
        var refused = await socket.NextAsync("error");
        Grants.AssertForbidden(refused, "grant_required");
        Assert.Equal(room, (string?)refused["room"]);
        Assert.DoesNotContain(socket.All(), frame => (string?)frame["type"] == "joined");

        // Not a member, so a send or a typing signal never reaches the room either.
        Assert.Equal("not_joined", (string?)(await socket.SendMessageAsync(room, "w-0", "let me in"))["code"]);

        await socket.SendAsync(new { type = "join", room, grant = await Grants.GrantAsync(fixture, user, room, send: true) });
        await socket.NextAsync("joined");
        await socket.SendAckedAsync(room, "w-1", "inside");
    }

    [Fact]
    public async Task AReadOnlyGrantJoinsButCannotSend()
    {
        var user = Grants.User("ro");
        var room = Grants.TeamRoom();
        await using var socket = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);

        await socket.SendAsync(new { type = "join", room, grant = await Grants.GrantAsync(fixture, user, room, send: false) });
        await socket.NextAsync("joined");

        Grants.AssertForbidden(await socket.SendMessageAsync(room, "r-1", "may I?"), "send_grant_required");
    }

    [Fact]
    public async Task TheRoomsClaimOfTheTokenGrantsByPattern()
    {
        var user = Grants.User("claim");
        var prefix = "team:" + Rooms.New("p");
        var token = await Grants.TokenWithRoomsAsync(fixture, user, new() { [prefix + "-*"] = "read", [prefix + "-rw"] = "read+send" });
        await using var socket = await TestSocket.ConnectAsync(fixture.ChatNode(2), user, token);

        await socket.JoinAsync(prefix + "-a");
        Grants.AssertForbidden(await socket.SendMessageAsync(prefix + "-a", "c-1", "read only"), "send_grant_required");
        await socket.JoinAsync(prefix + "-rw");
        await socket.SendAckedAsync(prefix + "-rw", "c-2", "read and send");

        await socket.SendAsync(new { type = "join", room = Grants.TeamRoom() });
        Grants.AssertForbidden(await socket.NextAsync("error"), "grant_required");
    }

    [Fact]
    public async Task AHelloResumeOfAPrivateRoomNeedsAGrant()
    {
        var user = Grants.User("hello");
        var room = Grants.TeamRoom();
        var open = Rooms.New();
        await using var socket = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);

        await socket.SendAsync(new { type = "hello", resume = new Dictionary<string, ulong> { [room] = 0, [open] = 0 } });
        var refused = await socket.NextAsync("error");
        Grants.AssertForbidden(refused, "grant_required");
        Assert.Equal("hello", (string?)refused["ref"]);
        Assert.Equal(room, (string?)refused["room"]);
        // The hello's other rooms resume all the same (its answers may come in any order across rooms).
        Assert.Contains(socket.All(), frame => (string?)frame["type"] == "synced" && (string?)frame["room"] == open);
        Assert.DoesNotContain(socket.All(), frame => (string?)frame["type"] == "joined" && (string?)frame["room"] == room);

        await socket.SendAsync(new
        {
            type = "hello",
            resume = new Dictionary<string, ulong> { [room] = 0 },
            grants = new[] { await Grants.GrantAsync(fixture, user, room, send: false) },
        });
        Assert.Equal(room, (string?)(await socket.NextAsync("synced"))["room"]);
        Assert.Contains(socket.All(), frame => (string?)frame["type"] == "joined" && (string?)frame["room"] == room);
    }

    [Fact]
    public async Task HistoryOfAPrivateRoomNeedsAGrant()
    {
        var user = Grants.User("hist");
        var room = Grants.TeamRoom();
        await using var socket = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);

        await socket.SendAsync(new { type = "history", room });
        Grants.AssertForbidden(await socket.NextAsync("error"), "grant_required");

        await socket.SendAsync(new { type = "history", room, grant = await Grants.GrantAsync(fixture, user, room, send: false) });
        var page = await socket.NextAsync("history");
        Assert.Equal(room, (string?)page["room"]);
    }

    [Fact]
    public async Task TypingNeedsMembershipAndIsRefusedWhereTheNamespaceTurnsItOff()
    {
        var typist = Grants.User("typ");
        var reader = Grants.User("rdr");
        var room = Grants.TeamRoom();
        await using var first = await TestSocket.ConnectAsync(fixture.ChatNode(1), typist);
        await using var second = await TestSocket.ConnectAsync(fixture.ChatNode(2), reader);

        await first.SendAsync(new { type = "typing", room });
        Assert.Equal("not_joined", (string?)(await first.NextAsync("error"))["code"]);

        await first.SendAsync(new { type = "join", room, grant = await Grants.GrantAsync(fixture, typist, room, send: true) });
        await first.NextAsync("joined");
        await second.SendAsync(new { type = "join", room, grant = await Grants.GrantAsync(fixture, reader, room, send: false) });
        await second.NextAsync("joined");
        await first.SendAsync(new { type = "typing", room });
        Assert.Equal(typist, (string?)(await second.NextAsync("typing"))["user"]);

        var board = "board:" + Rooms.New();
        await first.JoinAsync(board);
        await first.SendAsync(new { type = "typing", room = board });
        Grants.AssertForbidden(await first.NextAsync("error"), "typing_off");
    }

    [Fact]
    public async Task AServerOnlyNamespaceIsReadByAllAndPostedToByNoClient()
    {
        var user = Grants.User("brd");
        var board = "board:" + Rooms.New();
        await using var socket = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);

        await socket.JoinAsync(board);
        Grants.AssertForbidden(await socket.SendMessageAsync(board, "b-1", "hello board"), "server_only");
        // Presence is off there: no presence frame follows the join.
        await socket.SendAsync(new { type = "ping" });
        await socket.NextAsync("pong");
        Assert.DoesNotContain(socket.All(), frame => (string?)frame["type"] == "presence");
    }

    [Fact]
    public async Task AnUnknownNamespaceIsRefused()
    {
        await using var socket = await TestSocket.ConnectAsync(fixture.ChatNode(1), Grants.User("unk"));

        await socket.SendAsync(new { type = "join", room = "nowhere:" + Rooms.New() });
        Grants.AssertForbidden(await socket.NextAsync("error"), "unknown_namespace");
    }

    [Fact]
    public async Task AnExpiredForgedOrSomeoneElsesGrantIsRefused()
    {
        var user = Grants.User("bad");
        var room = Grants.TeamRoom();
        var key = await TestTokens.SigningKeyAsync(fixture.App);
        string[] invalid =
        [
            // Past its exp and the 5 s skew.
            TestTokens.Grant(key, user, room, send: true, DateTimeOffset.UtcNow.AddMinutes(-1)),
            TestTokens.Grant(new string('x', 48), user, room, send: true),
            TestTokens.Grant(key, Grants.User("other"), room, send: true),
            TestTokens.Grant(key, user, Grants.TeamRoom(), send: true),
            // A connection token is not a grant (another audience).
            TestTokens.Sign(key, user, DateTimeOffset.UtcNow.AddMinutes(5), claims: new Dictionary<string, object> { ["room"] = room }),
        ];
        await using var socket = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);

        foreach (var grant in invalid)
        {
            await socket.SendAsync(new { type = "join", room, grant });
            Grants.AssertForbidden(await socket.NextAsync("error"), "invalid_grant");
        }

        Assert.DoesNotContain(socket.All(), frame => (string?)frame["type"] == "joined");
    }
}
