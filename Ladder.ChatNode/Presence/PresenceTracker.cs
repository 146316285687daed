using System.Collections.Concurrent;
using System.Text.Json;
using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.Protocol;
using Ladder.ChatNode.Rooms;
using Ladder.ChatNode.State;
using Ladder.Contracts.State;
using Ladder.Contracts.Wire;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ladder.ChatNode.Presence;

/// <summary>
/// Who is in each room, across nodes, in Redis: a sorted set per room of <c>user|node</c> entries whose score is
/// their expiry. Each node refreshes its own entries; any node sweeps expired ones, so the users of a killed node
/// leave within <see cref="PresenceOptions.PresenceTimeout"/>. Changes go out on a Redis channel and become
/// <c>presence</c> frames on every node. Without Redis, presence is this node's members only. A user's leave of a room
/// is announced only after <see cref="PresenceOptions.PresenceCoalesceWindow"/>, and not at all when they join it again
/// within it: presence changes are coalesced per (room, user), so join/leave cycles cannot amplify into a presence
/// frame for every member on every node per cycle.
/// </summary>
internal sealed partial class PresenceTracker : BackgroundService
{
    // Adds the entry and tells whether the user was already online in the room (on any node).
    private const string JoinScript = """
        local now = tonumber(ARGV[1])
        local online = 0
        for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], now, '+inf')) do
          if string.sub(member, 1, string.len(ARGV[3])) == ARGV[3] then online = 1 end
        end
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
        redis.call('SADD', KEYS[2], ARGV[5])
        return online
        """;

    // Removes one entry and answers, in the same atomic step, whether that made the user leave the room: two nodes
    // dropping the user's last two entries at once must not both announce the departure.
    private const string LeaveScript = """
        local removed = redis.call('ZREM', KEYS[1], ARGV[3])
        if removed == 0 then return 0 end
        for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], tonumber(ARGV[1]), '+inf')) do
          if string.sub(member, 1, string.len(ARGV[2])) == ARGV[2] then return 0 end
        end
        return 1
        """;

    private readonly RedisAvailability redis;
    private readonly RoomRegistry rooms;
    private readonly PresenceOptions limits;
    private readonly string nodeName;
    private readonly TimeProvider time;
    private readonly ILogger<PresenceTracker> logger;
    private readonly ConcurrentDictionary<(string Room, string User), int> local = new();
    private readonly CancellationTokenSource stopping = new();

    public PresenceTracker(RedisAvailability redis, RoomRegistry rooms, IOptions<PresenceOptions> options, IOptions<NodeOptions> node, TimeProvider time, ILogger<PresenceTracker> logger)
    {
        this.redis = redis;
        this.rooms = rooms;
        this.limits = options.Value;
        this.nodeName = node.Value.NodeName;
        this.time = time;
        this.logger = logger;
        rooms.MemberRemoved += member => _ = LeftAsync(member);
    }

    private string Entry(string user) => $"{user}|{nodeName}";

    private long Expiry() => (time.GetUtcNow() + limits.PresenceTimeout).ToUnixTimeMilliseconds();

    /// <summary>Counts the member present; announces the user if they were not in the room before. Returns the
    /// room's online users for the member's <c>presence</c> frame.</summary>
    public async Task<IReadOnlyList<string>> JoinedAsync(RoomMember member)
    {
        var user = member.Session.User.Id;
        if (!member.MarkPresent())
        {
            return await OnlineAsync(member.Room);
        }

        // A count of 0 is a leave waiting out the coalescing window: the user never left as far as anyone knows.
        var pendingLeave = false;
        var first = local.AddOrUpdate((member.Room, user), 1, (_, count) =>
        {
            pendingLeave = count == 0;
            return count + 1;
        }) == 1 && !pendingLeave;
        if (first && redis.IsConnected)
        {
            try
            {
                // Bounded: the join's frame holds the session's next frames (its sends) until this returns.
                var wasOnline = (long)await redis.WithinAsync(redis.Database.ScriptEvaluateAsync(
                    JoinScript,
                    [RedisKeys.Presence(member.Room), RedisKeys.PresenceRooms],
                    [time.GetUtcNow().ToUnixTimeMilliseconds(), Expiry(), user + "|", Entry(user), member.Room]), limits.PresenceRedisTimeout);
                if (wasOnline == 0)
                {
                    await redis.WithinAsync(PublishChangeAsync(new PresenceChange(member.Room, user, Joined: true)), limits.PresenceRedisTimeout);
                }
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                redis.Failed("presence", exception);
            }
        }
        else if (first)
        {
            Announce(new PresenceChange(member.Room, user, Joined: true));
        }

        return await OnlineAsync(member.Room);
    }

    private async Task LeftAsync(RoomMember member)
    {
        if (!member.MarkAbsent())
        {
            return;
        }

        var key = (member.Room, member.Session.User.Id);
        if (local.AddOrUpdate(key, 0, (_, count) => count - 1) > 0)
        {
            return;
        }

        // The leave waits out the coalescing window with its entry kept (and refreshed): a join of the same user
        // within it finds the count at 0, takes it back to 1 and announces nothing, so a client cycling leave/join
        // fans out no presence frames. Only the leave that still finds 0 after the window announces.
        if (limits.PresenceCoalesceWindow > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(limits.PresenceCoalesceWindow, time, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // Shutting down: the entry expires with the node's others.
                return;
            }
        }

        if (!local.TryRemove(new KeyValuePair<(string, string), int>(key, 0)))
        {
            return;
        }

        if (!redis.IsConnected)
        {
            Announce(new PresenceChange(member.Room, key.Item2, Joined: false));
            return;
        }

        try
        {
            if (await LeaveAsync(member.Room, key.Item2, Entry(key.Item2)))
            {
                await PublishAsync(new PresenceChange(member.Room, key.Item2, Joined: false));
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            redis.Failed("presence", exception);
        }
    }

    /// <summary>The users online in a room, across nodes (this node's only, without Redis).</summary>
    public async Task<IReadOnlyList<string>> OnlineAsync(string room)
    {
        if (redis.IsConnected)
        {
            try
            {
                var entries = await redis.WithinAsync(
                    redis.Database.SortedSetRangeByScoreAsync(RedisKeys.Presence(room), time.GetUtcNow().ToUnixTimeMilliseconds(), double.PositiveInfinity),
                    limits.PresenceRedisTimeout);
                return [.. entries.Select(entry => UserOf(entry!)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                redis.Failed("presence", exception);
            }
        }

        return [.. rooms.Members(room).Select(member => member.Session.User.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        stopping.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await redis.SubscribeAsync(RedisKeys.PresenceChanges, (_, message) =>
        {
            if (message.HasValue && JsonSerializer.Deserialize((byte[])message!, StateJsonContext.Default.PresenceChange) is { } change)
            {
                Announce(change);
            }
        }, "presence", stoppingToken);
        var period = limits.PresenceTimeout / 3;
        using var timer = new PeriodicTimer(period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!redis.IsConnected)
            {
                continue;
            }

            try
            {
                await RefreshAsync();
                await SweepAsync();
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                redis.Failed("presence", exception);
            }
        }
    }

    private async Task RefreshAsync()
    {
        // One ZADD per room with all of this node's entries in it: a command per entry made thousands of Redis
        // messages and tasks every period on a node full of idle connections.
        var expiry = Expiry();
        // Async commands, not IBatch.Execute(), which writes synchronously and can block a thread-pool thread while
        // Redis hangs (see NodeStatsPublisher).
        var database = redis.Database;
        var byRoom = local.Keys
            .GroupBy(key => key.Room, key => new SortedSetEntry(Entry(key.User), expiry), StringComparer.Ordinal)
            .ToList();
        var writes = byRoom.Select(room => (Task)database.SortedSetAddAsync(RedisKeys.Presence(room.Key), [.. room])).ToList();
        if (byRoom.Count > 0)
        {
            // The rooms are named again for the sweep: a join made while Redis was away (or before a Redis restart
            // emptied it) wrote no entry, and an entry no node sweeps would keep its user online forever once this
            // node dies.
            writes.Add(database.SetAddAsync(RedisKeys.PresenceRooms, [.. byRoom.Select(room => (RedisValue)room.Key)]));
        }

        await Task.WhenAll(writes);
    }

    /// <summary>Removes expired entries; the node whose ZREM removed one announces the user's leave.</summary>
    private async Task SweepAsync()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var room in await redis.Database.SetMembersAsync(RedisKeys.PresenceRooms))
        {
            var key = RedisKeys.Presence(room!);
            foreach (var expired in await redis.Database.SortedSetRangeByScoreAsync(key, double.NegativeInfinity, now))
            {
                if (await LeaveAsync(room!, UserOf(expired!), expired!))
                {
                    LogExpired(UserOf(expired!), room!);
                    await PublishAsync(new PresenceChange(room!, UserOf(expired!), Joined: false));
                }
            }

            if (await redis.Database.SortedSetLengthAsync(key) == 0)
            {
                await redis.Database.SetRemoveAsync(RedisKeys.PresenceRooms, room);
            }
        }
    }

    /// <summary>Removes <paramref name="entry"/>; true when it was there and the user has no live entry left.</summary>
    private async Task<bool> LeaveAsync(string room, string user, string entry) =>
        (long)await redis.Database.ScriptEvaluateAsync(
            LeaveScript,
            [RedisKeys.Presence(room)],
            [time.GetUtcNow().ToUnixTimeMilliseconds(), user + "|", entry]) == 1;

    private async Task PublishAsync(PresenceChange change) => await PublishChangeAsync(change);

    private Task<long> PublishChangeAsync(PresenceChange change) =>
        redis.Subscriber.PublishAsync(RedisChannel.Literal(RedisKeys.PresenceChanges), JsonSerializer.SerializeToUtf8Bytes(change, StateJsonContext.Default.PresenceChange));

    /// <summary>Tells this node's members of the room (not the user themself).</summary>
    private void Announce(PresenceChange change)
    {
        var frame = FrameEncoder.Presence(change.Joined
            ? new PresenceFrame(change.Room, JoinedUser: change.User)
            : new PresenceFrame(change.Room, LeftUser: change.User));
        foreach (var member in rooms.Members(change.Room))
        {
            if (member.Session.User.Id != change.User)
            {
                member.Deliver(frame);
            }
        }
    }

    private static string UserOf(string entry) => entry[..entry.LastIndexOf('|')];

    [LoggerMessage(Level = LogLevel.Information, Message = "Presence of {User} in {Room} expired (their node stopped refreshing it)")]
    private partial void LogExpired(string user, string room);
}
