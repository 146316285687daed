using System.Diagnostics;
using System.Text.Json;
using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.Connections;
using Ladder.ChatNode.Rooms;
using Ladder.ChatNode.State;
using Ladder.Contracts.State;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ladder.ChatNode.Diagnostics;

/// <summary>
/// Every few seconds, writes this node's stats and its users' open sessions to Redis with a TTL, for the admin
/// console: a node that dies disappears from it within a few intervals.
/// </summary>
public sealed class NodeStatsPublisher(
    RedisAvailability redis,
    SessionDirectory sessions,
    RoomRegistry rooms,
    ChatMetrics metrics,
    IOptions<ChatOptions> options,
    TimeProvider time) : BackgroundService
{
    private readonly ChatOptions limits = options.Value;
    private readonly DateTimeOffset startedAt = time.GetUtcNow();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        sessions.Removed += session => _ = ForgetAsync(session);
        var ttl = limits.StatsInterval * 5;
        var lastPublished = metrics.Published;
        var lastTimestamp = time.GetTimestamp();
        using var timer = new PeriodicTimer(limits.StatsInterval, time);
        do
        {
            var published = metrics.Published;
            var now = time.GetTimestamp();
            var rate = (published - lastPublished) / Math.Max(0.001, time.GetElapsedTime(lastTimestamp, now).TotalSeconds);
            (lastPublished, lastTimestamp) = (published, now);
            if (!redis.IsConnected)
            {
                continue;
            }

            try
            {
                await PublishAsync(rate, ttl);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                redis.Failed("node stats", exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task PublishAsync(double messagesPerSecond, TimeSpan ttl)
    {
        var now = time.GetUtcNow();
        var open = sessions.All.ToList();
        var stats = new NodeStats(
            limits.NodeName,
            limits.PublicUrl,
            open.Count,
            rooms.RoomCount,
            Math.Round(messagesPerSecond, 1),
            open.Sum(session => (long)session.Queue.Count),
            Process.GetCurrentProcess().WorkingSet64,
            startedAt,
            now);

        var database = redis.Database;
        var batch = database.CreateBatch();
        var key = RedisKeys.Node(limits.NodeName);
        var writes = new List<Task>
        {
            batch.HashSetAsync(key, Fields(stats)),
            batch.KeyExpireAsync(key, ttl),
            batch.SortedSetAddAsync(RedisKeys.Nodes, limits.NodeName, (now + ttl).ToUnixTimeMilliseconds()),
            batch.SortedSetRemoveRangeByScoreAsync(RedisKeys.Nodes, double.NegativeInfinity, now.ToUnixTimeMilliseconds()),
        };

        foreach (var byUser in open.GroupBy(session => session.User.Id))
        {
            var userKey = RedisKeys.UserSessions(byUser.Key);
            var entries = byUser.Select(session => new HashEntry(session.Id, JsonSerializer.Serialize(
                new UserSession(session.Id, limits.NodeName, session.Transport, session.ConnectedAt, [.. session.Memberships().Select(member => member.Room)]),
                StateJsonContext.Default.UserSession))).ToArray();
            writes.Add(batch.HashSetAsync(userKey, entries));
            writes.Add(batch.KeyExpireAsync(userKey, ttl));
        }

        batch.Execute();
        await Task.WhenAll(writes);
    }

    /// <summary>A closed session leaves the admin console's list at once, not when its entry expires.</summary>
    private async Task ForgetAsync(ChatSession session)
    {
        if (!redis.IsConnected)
        {
            return;
        }

        try
        {
            await redis.Database.HashDeleteAsync(RedisKeys.UserSessions(session.User.Id), session.Id);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            redis.Failed("node stats", exception);
        }
    }

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
    ];
}
