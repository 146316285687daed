using System.ComponentModel.DataAnnotations;

namespace Ladder.ChatNode.RateLimiting;

/// <summary>How long a send waits for Redis's shared checks (section <c>Chat:SendGate</c>).</summary>
internal sealed record SendGateOptions
{
    public const string Section = "Chat:SendGate";

    /// <summary>
    /// Longest wait for the shared rate limit and sanction check before the node decides alone (its own bucket and
    /// moderation cache). A Redis that hangs instead of refusing would otherwise hold every send for the client's
    /// timeout (5 s): chat must stay within its 250 ms even then.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:05")]
    public TimeSpan RedisTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>After a check timed out, how long sends skip Redis before one tries it again, so a hung Redis costs
    /// one send per interval the wait above, not every send.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RedisRetryInterval { get; init; } = TimeSpan.FromSeconds(1);
}
