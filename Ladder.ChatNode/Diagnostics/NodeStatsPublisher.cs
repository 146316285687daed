using System.Diagnostics;
using System.Text.Json;
using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.Rooms;
using Ladder.ChatNode.Sessions;
using Ladder.ChatNode.State;
using Ladder.Contracts.State;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ladder.ChatNode.Diagnostics;

/// <summary>
/// Every few seconds, writes this node's stats to Redis with a TTL, for the admin console: a node that dies disappears
/// from it within a few intervals (and the console hides that node's session listings, see
/// <see cref="SessionListingPublisher"/>, until they expire).
/// </summary>
internal sealed class NodeStatsPublisher(
    RedisAvailability redis,
    SessionDirectory sessions,
    RoomRegistry rooms,
    ChatMetrics metrics,
    IOptions<NodeOptions> options,
    TimeProvider time) : BackgroundService
{
    /// <summary>How many of its rooms a node lists by local members: enough for the console's hot rooms, a few
    /// hundred bytes per tick.</summary>
    public const int TopRoomCount = 10;

    private readonly NodeOptions node = options.Value;
    private readonly DateTimeOffset startedAt = time.GetUtcNow();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ttl = node.StatsInterval * 5;
        var lastPublished = metrics.Published;
        var lastDelivered = metrics.Delivered;
        var lastTimestamp = time.GetTimestamp();
        using var timer = new PeriodicTimer(node.StatsInterval, time);
        do
        {
            var published = metrics.Published;
            var delivered = metrics.Delivered;
            var now = time.GetTimestamp();
            var seconds = Math.Max(0.001, time.GetElapsedTime(lastTimestamp, now).TotalSeconds);
            var rates = new Rates((published - lastPublished) / seconds, (delivered - lastDelivered) / seconds, metrics.TakeLatencyPercentiles());
            (lastPublished, lastDelivered, lastTimestamp) = (published, delivered, now);
            if (!redis.IsConnected)
            {
                continue;
            }

            try
            {
                await PublishAsync(rates, ttl);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                redis.Failed("node stats", exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task PublishAsync(Rates rates, TimeSpan ttl)
    {
        var now = time.GetUtcNow();
        // Plain async commands (the multiplexer pipelines them), not a batch: IBatch.Execute() writes synchronously,
        // and against a Redis that hangs it can hold a thread-pool thread for the client's 5 s timeout, which on a
        // 2-core node starves the send path (the timer of SendGate's 100 ms wait included).
        var database = redis.Database;
        var writes = new List<Task>();
        var count = 0;
        var queueDepth = 0L;
        foreach (var session in sessions.All)
        {
            count++;
            queueDepth += session.Queue.Count;
        }

        var stats = new NodeStats(
            node.NodeName,
            node.PublicUrl,
            count,
            rooms.RoomCount,
            Math.Round(rates.Messages, 1),
            queueDepth,
            Process.GetCurrentProcess().WorkingSet64,
            startedAt,
            now,
            Math.Round(rates.Deliveries, 1),
            rates.Latency.P50,
            rates.Latency.P99,
            metrics.SlowConsumerCloses,
            metrics.RefusedFrames,
            TopRooms());
        var key = RedisKeys.Node(node.NodeName);
        writes.Add(database.HashSetAsync(key, Fields(stats)));
        writes.Add(database.KeyExpireAsync(key, ttl));
        writes.Add(database.SortedSetAddAsync(RedisKeys.Nodes, node.NodeName, (now + ttl).ToUnixTimeMilliseconds()));
        writes.Add(database.SortedSetRemoveRangeByScoreAsync(RedisKeys.Nodes, double.NegativeInfinity, now.ToUnixTimeMilliseconds()));
        await Task.WhenAll(writes);
    }

    /// <summary>The rooms with the most local members. Every room's latency window is taken (and so restarted) on each
    /// tick, listed or not, so a room that climbs into the list reports its last interval, not everything since.</summary>
    private RoomLoad[] TopRooms() =>
    [
        .. rooms.Rooms
            .Select(room => new RoomLoad(room.Name, room.Members.Length, room.Latency.Take().P99))
            .ToList()
            .OrderByDescending(room => room.Members)
            .ThenBy(room => room.Room, StringComparer.Ordinal)
            .Take(TopRoomCount),
    ];

    private static HashEntry[] Fields(NodeStats stats) =>
    [
        new("node", stats.Node),
        new("url", stats.Url),
        new("connections", stats.Connections),
        new("rooms", stats.Rooms),
        new("messagesPerSecond", stats.MessagesPerSecond),
        new("sendQueueDepth", stats.SendQueueDepth),
        new("memoryBytes", stats.MemoryBytes),
        new("startedAt", stats.StartedAt.ToString("O")),
        new("updatedAt", stats.UpdatedAt.ToString("O")),
        new("deliveriesPerSecond", stats.DeliveriesPerSecond),
        new("latencyP50Ms", stats.LatencyP50Ms),
        new("latencyP99Ms", stats.LatencyP99Ms),
        new("slowConsumerCloses", stats.SlowConsumerCloses),
        new("refusedFrames", stats.RefusedFrames),
        new("topRooms", JsonSerializer.Serialize([.. stats.TopRooms ?? []], StateJsonContext.Default.RoomLoadArray)),
    ];

    private readonly record struct Rates(double Messages, double Deliveries, (double P50, double P99) Latency);
}
