using System.ComponentModel.DataAnnotations;

namespace Ladder.ChatNode.RateLimiting;

/// <summary>Each user's send budget, shared by all nodes (section <c>Chat</c>, so the keys stay
/// <c>Chat:SendsPerSecond</c> and so on).</summary>
internal sealed record SendLimitOptions
{
    public const string Section = "Chat";

    /// <summary>Sends per second per user, sustained.</summary>
    [Range(0.01, 1_000_000)]
    public double SendsPerSecond { get; init; } = 20;

    /// <summary>Sends a user may make at once before the rate applies.</summary>
    [Range(1, 1_000_000)]
    public int SendBurst { get; init; } = 50;

    /// <summary>Refused sends in a row after which the connection is closed with 4029.</summary>
    [Range(1, 1_000_000)]
    public int FloodStrikes { get; init; } = 20;
}
