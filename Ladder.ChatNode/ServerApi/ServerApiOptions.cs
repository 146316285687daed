using System.ComponentModel.DataAnnotations;

namespace Ladder.ChatNode.ServerApi;

/// <summary>The server API's limits (section <c>Chat:ServerApi</c>).</summary>
internal sealed record ServerApiOptions
{
    public const string Section = "Chat:ServerApi";

    /// <summary>
    /// How long a node trusts what it read of a key (scopes, revocation) before reading its row again. At most 2 s, so
    /// a key revoked in the console stops working on every node within 2 s plus one database read, inside the 5 s the
    /// issue promises, without an event to lose.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:02")]
    public TimeSpan KeyCacheTtl { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Calls per second of one key on one node (a token bucket; over it → 429 with Retry-After).</summary>
    [Range(0.1, 100_000)]
    public double RequestsPerSecond { get; init; } = 50;

    /// <summary>The bucket's size: calls a key may make at once after being idle.</summary>
    [Range(1, 100_000)]
    public int RequestBurst { get; init; } = 100;
}
