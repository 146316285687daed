using System.ComponentModel.DataAnnotations;

namespace Ladder.Archiver.Moderation;

/// <summary>The moderation command consumers (section <c>Archiver:Moderation</c>).</summary>
public sealed record ModerationOptions
{
    public const string Section = "Archiver:Moderation";

    /// <summary>How often the Redis moderation cache is rewritten from PostgreSQL (Redis may lose it: no persistence).</summary>
    public TimeSpan CacheRefreshInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Attempts after the first for a command that failed for a reason other than being refused.</summary>
    [Range(0, 20)]
    public int RetryLimit { get; init; } = 5;

    public TimeSpan RetryMinDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest a JetStream request (read, tombstone publish, delete) may take.</summary>
    public TimeSpan LogTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
