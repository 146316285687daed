using System.Collections.Concurrent;

namespace Ladder.ChatNode.Moderation;

/// <summary>Bans this node has heard of through events, for when Redis (the shared moderation cache) is down.</summary>
internal sealed class LocalModerationCache(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> bans = new(StringComparer.Ordinal);

    public void Banned(string user, DateTimeOffset? until) => bans[user] = until ?? DateTimeOffset.MaxValue;

    public bool IsBanned(string user)
    {
        if (!bans.TryGetValue(user, out var until))
        {
            return false;
        }

        if (until > time.GetUtcNow())
        {
            return true;
        }

        bans.TryRemove(user, out _);
        return false;
    }
}
