namespace Ladder.ChatNode.RateLimiting;

/// <summary>The answer of the <see cref="SendGate"/>: allowed, rate-limited (with when to retry) or refused (why).</summary>
internal readonly record struct GateDecision(bool IsAllowed, TimeSpan RetryAfter, string? RefusedBecause)
{
    public static readonly GateDecision Allowed = new(true, TimeSpan.Zero, null);

    public static GateDecision Limited(TimeSpan retryAfter) => new(false, retryAfter, null);

    public static GateDecision Refused(string reason) => new(false, TimeSpan.Zero, reason);
}
