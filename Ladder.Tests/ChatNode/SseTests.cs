using System.Net;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

[Collection(LadderCollection.Name)]
public sealed class SseTests(LadderAppFixture fixture)
{
    [Fact]
    public async Task AnSseClientReceivesPostsAndResumesWithLastEventId()
    {
        var room = Rooms.New();
        var other = Rooms.New();
        var first = await Posting.ManyAsync(fixture.ChatNode(1), room, 2, "early");

        string lastEventId;
        await using (var stream = await TestEventStream.OpenAsync(fixture.ChatNode(1), "sse-user", $"rooms={room}:0,{other}:0"))
        {
            var welcome = await stream.NextAsync();
            Assert.Equal("welcome", welcome.Type);
            var replayed = new[] { await stream.NextAsync("message"), await stream.NextAsync("message") };
            Assert.Equal(first, replayed.Select(message => (ulong)message.Data["seq"]!));
            await stream.NextAsync("synced");

            using var http = await Posting.ClientAsync(fixture.ChatNode(2), "sse-user");
            var mine = await Posting.OneAsync(http, room, "sse-1", "sent over POST");
            var live = await stream.NextAsync("message");
            Assert.Equal(mine, (ulong)live.Data["seq"]!);
            Assert.Equal($"{room}:{mine},{other}:0", live.Id);
            lastEventId = live.Id!;
        }

        var missed = await Posting.ManyAsync(fixture.ChatNode(1), room, 5, "while-away");
        await using var resumed = await TestEventStream.OpenAsync(fixture.ChatNode(2), "sse-user", $"rooms={other}:0", lastEventId);
        var again = new List<ulong>();
        for (var i = 0; i < missed.Count; i++)
        {
            again.Add((ulong)(await resumed.NextAsync("message")).Data["seq"]!);
        }

        var synced = await resumed.NextAsync("synced");
        Assert.Equal(missed, again);
        Assert.Equal(room, (string?)synced.Data["room"]);
    }

    [Theory]
    [InlineData("rooms=Bad:1", HttpStatusCode.BadRequest)]
    [InlineData("rooms=ok:notanumber", HttpStatusCode.BadRequest)]
    public async Task ABadRoomsListIsRefused(string query, HttpStatusCode status)
    {
        using var http = await Posting.ClientAsync(fixture.ChatNode(1), "sse-user");
        using var response = await http.GetAsync($"/sse?{query}");

        Assert.Equal(status, response.StatusCode);
    }

    [Fact]
    public async Task AnSseStreamWithoutATokenIs401()
    {
        using var http = fixture.CreateHttpClient("chat-1");
        using var response = await http.GetAsync("/sse?rooms=ok:0");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
