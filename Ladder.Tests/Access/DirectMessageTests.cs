using System.Net;
using System.Net.Http.Json;
using Ladder.Contracts.Wire;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.Access;

/// <summary><c>dm:a,b</c> rooms: exactly the two named users, no grant needed.</summary>
[Collection(LadderCollection.Name)]
public sealed class DirectMessageTests(LadderAppFixture fixture)
{
    [Fact]
    public async Task ADirectMessageRoomAdmitsExactlyItsTwoUsers()
    {
        // A '.' in a user id is a '.' in the room name, which a NATS subject token cannot hold as such.
        string[] pair = [Grants.User("a.") , Grants.User("b.")];
        Array.Sort(pair, StringComparer.Ordinal);
        var room = $"dm:{pair[0]},{pair[1]}";
        await using var first = await TestSocket.ConnectAsync(fixture.ChatNode(1), pair[0]);
        await using var second = await TestSocket.ConnectAsync(fixture.ChatNode(2), pair[1]);
        await using var third = await TestSocket.ConnectAsync(fixture.ChatNode(1), Grants.User("c"));

        await first.JoinAsync(room);
        await second.JoinAsync(room);
        var ack = await first.SendAckedAsync(room, "d-1", "just us");
        var delivered = await second.NextAsync("message");
        Assert.Equal((ulong)ack["seq"]!, (ulong)delivered["seq"]!);
        Assert.Equal(room, (string?)delivered["room"]);

        await third.SendAsync(new { type = "join", room });
        Grants.AssertForbidden(await third.NextAsync("error"), "not_a_participant");
        await third.SendAsync(new { type = "history", room });
        Grants.AssertForbidden(await third.NextAsync("error"), "not_a_participant");
        // No grant opens someone else's conversation.
        await third.SendAsync(new { type = "join", room, grant = await Grants.GrantAsync(fixture, third.User, room, send: true) });
        Grants.AssertForbidden(await third.NextAsync("error"), "not_a_participant");

        // A resume from 0 replays it (the log's subject for the room round-trips the '.').
        await using var again = await TestSocket.ConnectAsync(fixture.ChatNode(2), pair[0]);
        await again.JoinAsync(room, 0);
        Assert.Equal((ulong)ack["seq"]!, (ulong)(await again.NextAsync("message"))["seq"]!);

        // And the archive stores the long name: history over HTTP finds the message.
        using var http = await Posting.ClientAsync(fixture.ChatNode(1), pair[1]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        HistoryResponse? page = null;
        while (DateTime.UtcNow < deadline && page?.Messages.Count is null or 0)
        {
            page = await http.GetFromJsonAsync<HistoryResponse>($"/rooms/{Uri.EscapeDataString(room)}/messages");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        Assert.Equal((ulong)ack["seq"]!, page!.Messages.Single().Seq);
    }

    [Theory]
    [InlineData("dm:bob,alice")]
    [InlineData("dm:alice,alice")]
    [InlineData("dm:alice")]
    [InlineData("dm:alice,bob,carol")]
    public async Task ADirectMessageRoomNotInItsOneFormIsInvalid(string room)
    {
        await using var socket = await TestSocket.ConnectAsync(fixture.ChatNode(1), "alice");

        await socket.SendAsync(new { type = "join", room });
        Assert.Equal("invalid_room", (string?)(await socket.NextAsync("error"))["code"]);
    }

    [Fact]
    public async Task AnOutsiderCannotPostToADirectMessageRoomOverHttp()
    {
        var room = "dm:" + string.Join(',', new[] { Grants.User("x"), Grants.User("y") }.Order(StringComparer.Ordinal));
        using var http = await Posting.ClientAsync(fixture.ChatNode(2), Grants.User("z"));

        using var response = await http.PostAsJsonAsync($"/rooms/{Uri.EscapeDataString(room)}/messages", new PostMessageRequest("o-1", "hi"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
