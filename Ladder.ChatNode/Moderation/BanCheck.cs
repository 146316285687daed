using Ladder.ChatNode.RateLimiting;
using Ladder.ChatNode.State;
using Ladder.Contracts.State;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ladder.ChatNode.Moderation;

/// <summary>Refuses banned users at the door: the shared moderation cache in Redis, else what this node heard.</summary>
/// <remarks>A hung Redis would otherwise hold every admission for StackExchange.Redis's own timeout (5 s): the read
/// waits <see cref="ConnectionLimitOptions.ConnectionCountTimeout"/> at most, then this node's cache decides, as when Redis is
/// down.</remarks>
internal sealed class BanCheck(RedisAvailability redis, LocalModerationCache local, IOptions<ConnectionLimitOptions> options, TimeProvider time)
{
    public async Task<bool> IsBannedAsync(string user)
    {
        if (local.IsBanned(user))
        {
            return true;
        }

        if (!redis.IsConnected)
        {
            return false;
        }

        try
        {
            return await redis.Database.KeyExistsAsync(RedisKeys.Ban(user)).WaitAsync(options.Value.ConnectionCountTimeout, time);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            redis.Failed("ban checks", exception);
            return false;
        }
    }
}
