using StackExchange.Redis;

namespace Ladder.Archiver.Moderation;

/// <summary>
/// Writes the moderation cache the chat nodes check on connect and send: one string key per sanction holding its reason,
/// expiring when the sanction ends (no TTL for one without end). PostgreSQL holds the durable record;
/// <see cref="ModerationCacheRefresher"/> rewrites the cache from it after Redis lost it or was down.
/// </summary>
internal sealed partial class ModerationCache(IConnectionMultiplexer redis, TimeProvider time, ILogger<ModerationCache> logger)
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

    /// <summary>
    /// Writes the key when Redis is reachable. A command does not wait for Redis: its durable record is written and its event
    /// (on which the nodes close connections) must still go out; the refresher fills the key in once Redis answers again.
    /// </summary>
    public async Task TryWriteAsync(Sanction sanction)
    {
        try
        {
            await WriteAsync(sanction);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogCacheWriteFailed(sanction.Key, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moderation cache key {Key} not written, the refresher will: {Reason}")]
    private partial void LogCacheWriteFailed(string key, string reason);
}
