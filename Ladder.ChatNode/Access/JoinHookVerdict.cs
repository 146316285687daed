namespace Ladder.ChatNode.Access;

/// <summary>What a join hook decided for one user and room: admitted (and whether they may post), or refused with a
/// <see cref="Ladder.Contracts.Wire.ForbiddenReasons"/> reason or the backend's own.</summary>
internal sealed record JoinHookVerdict(bool Send, string? RefusedBecause)
{
    public static readonly JoinHookVerdict Unavailable = new(false, Ladder.Contracts.Wire.ForbiddenReasons.HookUnavailable);
}
