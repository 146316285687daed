using System.ComponentModel.DataAnnotations;

namespace Ladder.ChatNode.RateLimiting;

/// <summary>Each user's open connections over all nodes (section <c>Chat</c>, so the keys stay
/// <c>Chat:MaxConnectionsPerUser</c> and so on).</summary>
internal sealed record ConnectionLimitOptions
{
    public const string Section = "Chat";

    /// <summary>Open connections (WebSocket and SSE) one user may hold over all nodes; the next is refused before the
    /// upgrade with HTTP 429. Counted in Redis; while Redis is unreachable each node counts its own.</summary>
    [Range(1, 1_000_000)]
    public int MaxConnectionsPerUser { get; init; } = 32;

    /// <summary>The <c>Retry-After</c> of a connection refused by <see cref="MaxConnectionsPerUser"/>.</summary>
    public TimeSpan ConnectionLimitRetryAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a node's count of a connection lives in Redis without a refresh (a killed node's
    /// connections stop counting after it); the node refreshes its live ones every third of it.</summary>
    public TimeSpan ConnectionCountTtl { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest wait for each of Redis's two reads while admitting a connection (the ban, the count); after it
    /// the node decides on its own (its moderation cache, its own count).</summary>
    public TimeSpan ConnectionCountTimeout { get; init; } = TimeSpan.FromMilliseconds(500);
}
