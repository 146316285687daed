using Bunit;
using Ladder.Admin.Components.Shared;
using Ladder.Admin.Services;
using Ladder.Contracts.State;

namespace Ladder.Tests.Admin.Components;

/// <summary>Hot rooms: busiest first, names rendered as text and linked to the room page; the join behind them.</summary>
public sealed class HotRoomsTableTests : IAsyncLifetime
{
    private readonly BunitContext context = ConsoleTestContext.Create();

    [Fact]
    public void ListsTheBusiestRoomFirstWithItsNameAsText()
    {
        var rooms = new[]
        {
            new HotRoom("quiet", 0.5, 40, 3, ["chat-1"]),
            new HotRoom("<b>busy</b>", 12, 2, 8, ["chat-1", "chat-2"]),
        };

        var table = context.Render<HotRoomsTable>(parameters => parameters.Add(p => p.Rooms, rooms));

        table.WaitForAssertion(() =>
        {
            var links = table.FindAll("a.room-link");
            Assert.Equal("<b>busy</b>", links[0].TextContent);
            Assert.Empty(table.FindAll("b"));
            Assert.Equal("/rooms/%3Cb%3Ebusy%3C%2Fb%3E", links[0].GetAttribute("href"));
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void SaysSoWhenNoRoomIsBusy()
    {
        var table = context.Render<HotRoomsTable>(parameters => parameters.Add(p => p.Rooms, []));
        table.Find("#no-hot-rooms");
    }

    [Fact]
    public void JoinsArchivedRatesWithMembersAndTheRoomsOwnWorstLatencyOverItsNodes()
    {
        var now = DateTimeOffset.UtcNow;
        NodeStats Node(string name, double p99, params RoomLoad[] top) =>
            new(name, "", 1, 1, 0, 0, 0, now, now, 0, 1, p99, 0, 0, top);

        var rooms = MetricsSampler.HotRooms(
            [Node("chat-1", 5, new RoomLoad("lobby", 3, 4), new RoomLoad("dev", 9, 1)), Node("chat-2", 20, new RoomLoad("lobby", 4, 12))],
            new Dictionary<string, long> { ["lobby"] = 20, ["archived-only"] = 2 },
            2);

        Assert.Equal(["lobby", "archived-only", "dev"], rooms.Select(room => room.Room));
        // The room's own p99 on chat-2 (12), not chat-2's p99 over all its rooms (20).
        Assert.Equal((10.0, 7, 12.0), (rooms[0].MessagesPerSecond, rooms[0].Members, rooms[0].LatencyP99Ms));
        Assert.Equal(["chat-1", "chat-2"], rooms[0].Nodes);
        Assert.Equal(0, rooms[1].Members);
        Assert.Equal(9, rooms[2].Members);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await context.DisposeAsync();
}
