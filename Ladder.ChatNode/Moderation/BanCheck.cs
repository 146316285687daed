using Ladder.ChatNode.State;
using Ladder.Contracts.State;
using StackExchange.Redis;

namespace Ladder.ChatNode.Moderation;

/// <summary>Refuses banned users at the door: the shared moderation cache in Redis, else what this node heard.</summary>
internal sealed class BanCheck(RedisAvailability redis, LocalModerationCache local)
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
            return await redis.Database.KeyExistsAsync(RedisKeys.Ban(user));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            redis.Failed("ban checks", exception);
            return false;
        }
    }
}
