using System.Text.Json;
using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.State;
using Ladder.Contracts.State;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ladder.ChatNode.Sessions;

/// <summary>
/// The admin console's list of each user's sessions: every stats interval, writes to Redis the listings of this
/// node's sessions that opened or changed rooms since, and rewrites a slice of the others, so every listing (and its
/// TTL) is renewed within a third of <see cref="ChatSessionOptions.SessionListingTtl"/>, also after Redis lost it. A
/// closed session's listing is deleted at once.
/// </summary>
internal sealed class SessionListingPublisher(
    RedisAvailability redis,
    SessionDirectory sessions,
    IOptions<NodeOptions> nodeOptions,
    IOptions<ChatSessionOptions> sessionOptions,
    TimeProvider time) : BackgroundService
{
    private readonly NodeOptions node = nodeOptions.Value;
    private readonly TimeSpan listingTtl = sessionOptions.Value.SessionListingTtl;
    private long ticks;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        sessions.Removed += session => _ = ForgetAsync(session);
        using var timer = new PeriodicTimer(node.StatsInterval, time);
        do
        {
            if (!redis.IsConnected)
            {
                continue;
            }

            try
            {
                await PublishAsync();
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                redis.Failed("session listings", exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task PublishAsync()
    {
        // Plain async commands, not a batch: see NodeStatsPublisher (a batch can hold a thread while Redis hangs).
        var database = redis.Database;
        var writes = new List<Task>();
        var listed = new List<(ChatSession Session, int Version)>();
        var slices = (uint)Math.Max(1, listingTtl / 3 / node.StatsInterval);
        var slice = (uint)(ticks++ % slices);
        foreach (var session in sessions.All)
        {
            // A listing is written when it changed; the rest in slices, so every one is rewritten (and its TTL
            // renewed) within a third of its TTL, without a write per session per tick.
            var version = session.MembershipVersion;
            if (version != session.ListedVersion || (uint)session.Id.GetHashCode() % slices == slice)
            {
                var userKey = RedisKeys.UserSessions(session.User.Id);
                writes.Add(database.HashSetAsync(userKey, session.Id, Listing(session)));
                writes.Add(database.KeyExpireAsync(userKey, listingTtl));
                listed.Add((session, version));
            }
        }

        await Task.WhenAll(writes);
        foreach (var (session, version) in listed)
        {
            session.ListedVersion = version;
            if (session.IsClosed)
            {
                // It may have closed (and been forgotten) while its listing was on the way.
                _ = ForgetAsync(session);
            }
        }
    }

    private string Listing(ChatSession session) => JsonSerializer.Serialize(
        new UserSession(session.Id, node.NodeName, session.Transport, session.ConnectedAt, [.. session.Memberships().Select(member => member.Room)]),
        StateJsonContext.Default.UserSession);

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
            redis.Failed("session listings", exception);
        }
    }
}
