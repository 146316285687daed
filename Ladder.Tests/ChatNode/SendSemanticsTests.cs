using System.Net;
using System.Net.Http.Json;
using Ladder.Contracts.Wire;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

[Collection(LadderCollection.Name)]
public sealed class SendSemanticsTests(LadderAppFixture fixture)
{
    [Fact]
    public async Task AResentClientMsgIdOnAnyNodeReturnsTheOriginalSeqAndStoresNothingNew()
    {
        var room = Rooms.New();
        await using var alice1 = await TestSocket.ConnectAsync(fixture.ChatNode(1), "alice");
        await using var alice2 = await TestSocket.ConnectAsync(fixture.ChatNode(2), "alice");
        await using var watcher = await TestSocket.ConnectAsync(fixture.ChatNode(2), "watcher");
        await alice1.JoinAsync(room);
        await alice2.JoinAsync(room);
        await watcher.JoinAsync(room);

        var first = await alice1.SendAckedAsync(room, "same-id", "once");
        var again = await alice2.SendAckedAsync(room, "same-id", "once");
        using var http = await Posting.ClientAsync(fixture.ChatNode(1), "alice");
        using var posted = await http.PostAsJsonAsync($"/rooms/{room}/messages", new PostMessageRequest("same-id", "once"), WireJsonContext.Default.PostMessageRequest);
        var overHttp = await posted.Content.ReadFromJsonAsync(WireJsonContext.Default.PostMessageResponse);
        var marker = await alice1.SendAckedAsync(room, "marker", "after");

        Assert.False((bool)first["duplicate"]!);
        Assert.True((bool)again["duplicate"]!);
        Assert.Equal((ulong)first["seq"]!, (ulong)again["seq"]!);
        Assert.True(overHttp!.Duplicate);
        Assert.Equal((ulong)first["seq"]!, overHttp.Seq);
        var seen = await watcher.TakeAsync("message", 2);
        Assert.Equal([(ulong)first["seq"]!, (ulong)marker["seq"]!], seen.Select(frame => (ulong)frame["seq"]!));
    }

    [Fact]
    public async Task TheSameClientMsgIdInAnotherRoomOrFromAnotherUserIsAnotherMessage()
    {
        var room = Rooms.New();
        var other = Rooms.New();
        await using var alice = await TestSocket.ConnectAsync(fixture.ChatNode(1), "alice");
        await using var bob = await TestSocket.ConnectAsync(fixture.ChatNode(1), "bob");
        await alice.JoinAsync(room);
        await alice.JoinAsync(other);
        await bob.JoinAsync(room);

        var inRoom = await alice.SendAckedAsync(room, "id-1", "a");
        var inOther = await alice.SendAckedAsync(other, "id-1", "b");
        var byBob = await bob.SendAckedAsync(room, "id-1", "c");

        Assert.False((bool)inOther["duplicate"]!);
        Assert.False((bool)byBob["duplicate"]!);
        Assert.Equal(3, new[] { inRoom, inOther, byBob }.Select(ack => (ulong)ack["seq"]!).Distinct().Count());
    }

    [Fact]
    public async Task PostingOverHttpDeliversToWebSocketMembersAndIsIdempotent()
    {
        var room = Rooms.New();
        await using var member = await TestSocket.ConnectAsync(fixture.ChatNode(2), "member");
        await member.JoinAsync(room);
        using var http = await Posting.ClientAsync(fixture.ChatNode(1), "poster");

        var seq = await Posting.OneAsync(http, room, "http-1", "over http");
        var again = await Posting.OneAsync(http, room, "http-1", "over http");
        var delivered = await member.NextAsync("message");

        Assert.Equal(seq, again);
        Assert.Equal(seq, (ulong)delivered["seq"]!);
        Assert.Equal("poster", (string?)delivered["sender"]);
        Assert.Equal("over http", (string?)delivered["text"]);
    }

    [Theory]
    [InlineData("BadRoom", "{\"clientMsgId\":\"a\",\"text\":\"x\"}", HttpStatusCode.BadRequest, "invalid_room")]
    [InlineData("ok", "{\"clientMsgId\":\"a\",\"text\":\"\"}", HttpStatusCode.BadRequest, "bad_frame")]
    [InlineData("ok", "{\"text\":\"x\"}", HttpStatusCode.BadRequest, "bad_frame")]
    [InlineData("ok", "not json", HttpStatusCode.BadRequest, "bad_frame")]
    public async Task ABadPostGetsItsErrorBody(string room, string body, HttpStatusCode status, string code)
    {
        using var http = await Posting.ClientAsync(fixture.ChatNode(1), "poster");
        using var response = await http.PostAsync($"/rooms/{room}/messages", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var error = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, error!["code"].ToString());
    }

    [Fact]
    public async Task APostOverTheTextLimitIs413AndWithoutATokenIs401()
    {
        using var http = await Posting.ClientAsync(fixture.ChatNode(1), "poster");
        using var tooLarge = await http.PostAsJsonAsync("/rooms/ok/messages", new PostMessageRequest("big", new string('x', 4097)), WireJsonContext.Default.PostMessageRequest);
        using var anonymous = fixture.CreateHttpClient("chat-1");
        using var unauthorized = await anonymous.PostAsJsonAsync("/rooms/ok/messages", new PostMessageRequest("a", "x"), WireJsonContext.Default.PostMessageRequest);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
    }

    [Fact]
    public async Task LeaveIsAnsweredByLeftAndNothingOfTheRoomFollows()
    {
        var room = Rooms.New();
        await using var bob = await TestSocket.ConnectAsync(fixture.ChatNode(1), "bob");
        await bob.JoinAsync(room);

        await bob.SendAsync(new { type = "leave", room });
        var left = await bob.NextAsync("left");
        using var http = await Posting.ClientAsync(fixture.ChatNode(2), "poster");
        await Posting.OneAsync(http, room, "after-leave", "you left");
        await bob.SendAsync(new { type = "ping" });
        await bob.NextAsync("pong");

        Assert.Equal(room, (string?)left["room"]);
        Assert.DoesNotContain(bob.All(), frame => (string?)frame["type"] == "message");
    }

    [Fact]
    public async Task TypingReachesOtherMembersOnOtherNodesButNotTheTypist()
    {
        var room = Rooms.New();
        await using var alice = await TestSocket.ConnectAsync(fixture.ChatNode(1), "alice");
        await using var bob = await TestSocket.ConnectAsync(fixture.ChatNode(2), "bob");
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);

        // Typing is best effort (Redis pub/sub drops what a reconnecting subscriber misses): keep typing, as a
        // person does, until the other node shows it.
        System.Text.Json.Nodes.JsonObject? typing = null;
        for (var attempt = 0; typing is null && attempt < 10; attempt++)
        {
            await alice.SendAsync(new { type = "typing", room });
            try
            {
                typing = await bob.NextAsync("typing", TimeSpan.FromSeconds(1.5));
            }
            catch (TimeoutException)
            {
                // Sent again after the relay's one-second throttle.
            }
        }

        Assert.NotNull(typing);
        await alice.SendAsync(new { type = "ping" });
        await alice.NextAsync("pong");

        Assert.Equal("alice", (string?)typing["user"]);
        Assert.Equal(room, (string?)typing["room"]);
        Assert.DoesNotContain(alice.All(), frame => (string?)frame["type"] == "typing");
    }
}
