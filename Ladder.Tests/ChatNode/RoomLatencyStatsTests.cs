using Ladder.Admin.Services;
using Ladder.Contracts.State;
using Ladder.Tests.Admin;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

/// <summary>
/// The console's hot rooms show each room's own delivery latency: the node reports a p99 per listed room, so a
/// quiet room next to a busy one shows none while the node's own p99 is that of its busy rooms.
/// </summary>
[Collection(LadderCollection.Name)]
public sealed class RoomLatencyStatsTests(LadderAppFixture fixture)
{
    [Fact]
    public async Task AQuietRoomReportsNoLatencyWhileABusyRoomOnTheSameNodeDoes()
    {
        var busy = Rooms.New("busy");
        var quiet = Rooms.New("quiet");
        var sockets = new List<TestSocket>();
        try
        {
            foreach (var (room, user) in new[] { (busy, "lat-a"), (busy, "lat-b"), (busy, "lat-c"), (quiet, "lat-d"), (quiet, "lat-e") })
            {
                var socket = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);
                await socket.JoinAsync(room);
                sockets.Add(socket);
            }

            await using var stores = await PlatformStores.OpenAsync(fixture);
            using var http = await Posting.ClientAsync(fixture.ChatNode(1), "lat-poster");
            var sent = 0;
            var sample = await PlatformStores.EventuallyAsync(async () =>
            {
                // Traffic in every stats interval the probe may read.
                await Posting.OneAsync(http, busy, $"l{sent}", $"latency probe {sent++}");
                var stats = NodeStatsReader.Parse(await stores.Redis.GetDatabase().HashGetAllAsync(RedisKeys.Node("chat-1")));
                var top = stats.TopRooms ?? [];
                var busyLoad = top.FirstOrDefault(load => load.Room == busy);
                var quietLoad = top.FirstOrDefault(load => load.Room == quiet);
                return busyLoad is { LatencyP99Ms: > 0 } && quietLoad is not null ? new Sample(stats, busyLoad, quietLoad) : null;
            }, "a stats sample listing both rooms with traffic in the busy one", TimeSpan.FromSeconds(60));

            Assert.Equal(3, sample.Busy.Members);
            Assert.Equal(2, sample.Quiet.Members);
            Assert.Equal(0, sample.Quiet.LatencyP99Ms);
            Assert.True(sample.Node.LatencyP99Ms > 0);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                await socket.DisposeAsync();
            }
        }
    }

    private sealed record Sample(NodeStats Node, RoomLoad Busy, RoomLoad Quiet);
}
