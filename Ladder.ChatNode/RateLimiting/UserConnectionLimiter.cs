using System.Collections.Concurrent;
using Ladder.ChatNode.Auth;
using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.State;
using Ladder.Contracts.State;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ladder.ChatNode.RateLimiting;

/// <summary>
/// Counts each user's open connections over all nodes (<see cref="ConnectionLimitOptions.MaxConnectionsPerUser"/>): a sorted set
/// per user in Redis whose entries expire unless their node refreshes them, so a killed node's connections stop
/// counting after <see cref="ConnectionLimitOptions.ConnectionCountTtl"/>. When Redis is unreachable, or does not answer within
/// <see cref="ConnectionLimitOptions.ConnectionCountTimeout"/>, the node counts its own connections only: a hung Redis slows an
/// upgrade by that timeout at most, and a user may then hold the limit on each node.
/// </summary>
internal sealed class UserConnectionLimiter : BackgroundService
{
    // Drops expired entries, refuses at the limit, else adds the entry; one atomic step, so two nodes admitting the
    // same user at once cannot both take the last place.
    private const string AcquireScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return 1
        """;

    private readonly RedisAvailability redis;
    private readonly ConnectionLimitOptions limits;
    private readonly string nodeName;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<ConnectionSlot, byte> open = new();
    private readonly ConcurrentDictionary<string, int> perUser = new(StringComparer.Ordinal);

    public UserConnectionLimiter(RedisAvailability redis, IOptions<ConnectionLimitOptions> options, IOptions<NodeOptions> node, TimeProvider time)
    {
        this.redis = redis;
        this.limits = options.Value;
        this.nodeName = node.Value.NodeName;
        this.time = time;
    }

    /// <summary>A slot for one more connection of <paramref name="user"/>, or null at the limit.</summary>
    public async Task<ConnectionSlot?> TryAcquireAsync(ChatUser user)
    {
        // Taken locally first: this node's own count holds whatever Redis does.
        var local = perUser.AddOrUpdate(user.Id, 1, static (_, count) => count + 1);
        if (local > limits.MaxConnectionsPerUser)
        {
            Decrement(user.Id);
            return null;
        }

        var slot = new ConnectionSlot(this, user, $"{nodeName}|{Guid.NewGuid():N}");
        if (await TryAddInRedisAsync(slot) == false)
        {
            Decrement(user.Id);
            return null;
        }

        open[slot] = 0;
        return slot;
    }

    /// <summary>True or false as Redis decided; null when it could not (then the local count decides).</summary>
    private async Task<bool?> TryAddInRedisAsync(ConnectionSlot slot)
    {
        if (!redis.IsConnected)
        {
            return null;
        }

        try
        {
            var now = time.GetUtcNow();
            var added = await redis.Database.ScriptEvaluateAsync(
                AcquireScript,
                [RedisKeys.UserConnections(slot.User.Id)],
                [now.ToUnixTimeMilliseconds(), (now + limits.ConnectionCountTtl).ToUnixTimeMilliseconds(), limits.MaxConnectionsPerUser, slot.Member, (long)limits.ConnectionCountTtl.TotalMilliseconds])
                .WaitAsync(limits.ConnectionCountTimeout, time);
            return (long)added == 1;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // The entry may still land after the timeout: the slot removes it on release, or its expiry does.
            redis.Failed("connection limit", exception);
            return null;
        }
    }

    internal void Release(ConnectionSlot slot)
    {
        open.TryRemove(slot, out _);
        Decrement(slot.User.Id);
        if (redis.IsConnected)
        {
            _ = RemoveInRedisAsync(slot);
        }
    }

    private async Task RemoveInRedisAsync(ConnectionSlot slot)
    {
        try
        {
            await redis.Database.SortedSetRemoveAsync(RedisKeys.UserConnections(slot.User.Id), slot.Member);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // Its expiry removes it.
            redis.Failed("connection limit", exception);
        }
    }

    private void Decrement(string user)
    {
        if (perUser.AddOrUpdate(user, 0, static (_, count) => count - 1) <= 0)
        {
            perUser.TryRemove(new KeyValuePair<string, int>(user, 0));
        }
    }

    /// <summary>Refreshes this node's entries (also those admitted while Redis was away, so they count again).</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(limits.ConnectionCountTtl / 3, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!redis.IsConnected || open.IsEmpty)
            {
                continue;
            }

            try
            {
                var expiry = (time.GetUtcNow() + limits.ConnectionCountTtl).ToUnixTimeMilliseconds();
                // Async commands, not IBatch.Execute(), which writes synchronously and can block a thread-pool
                // thread while Redis hangs (see NodeStatsPublisher).
                var database = redis.Database;
                var writes = open.Keys
                    .GroupBy(slot => slot.User.Id, slot => new SortedSetEntry(slot.Member, expiry), StringComparer.Ordinal)
                    .SelectMany(user => new Task[]
                    {
                        database.SortedSetAddAsync(RedisKeys.UserConnections(user.Key), [.. user]),
                        database.KeyExpireAsync(RedisKeys.UserConnections(user.Key), limits.ConnectionCountTtl),
                    })
                    .ToList();
                await Task.WhenAll(writes);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                redis.Failed("connection limit", exception);
            }
        }
    }
}
