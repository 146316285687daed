using StackExchange.Redis;

namespace Ladder.Archiver.Moderation;

/// <summary>
/// Writes the moderation cache the chat nodes check on connect and send: one string key per sanction holding its reason,
/// expiring when the sanction ends (no TTL for one without end). PostgreSQL holds the durable record;
/// <see cref="ModerationCacheRefresher"/> rewrites the cache from it after Redis lost it.
/// </summary>
internal sealed class ModerationCache(IConnectionMultiplexer redis, TimeProvider time)
{
    public async Task WriteAsync(Sanction sanction)
    {
        var database = redis.GetDatabase();
        if (sanction.ExpiresAt is not { } expiresAt)
        {
            await database.StringSetAsync(sanction.Key, sanction.Reason ?? string.Empty);
            return;
        }

        var left = expiresAt - time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            // Already over (a ban "until" a past moment ends the one in force).
            await database.KeyDeleteAsync(sanction.Key);
            return;
        }

        await database.StringSetAsync(sanction.Key, sanction.Reason ?? string.Empty, left);
    }
}
