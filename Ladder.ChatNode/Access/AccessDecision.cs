namespace Ladder.ChatNode.Access;

/// <summary>What one user may do in one room, and why not when they may not (a <see cref="Ladder.Contracts.Wire.ForbiddenReasons"/>).</summary>
internal sealed record AccessDecision(NamespacePolicy Policy, string? ReadRefusedBecause, string? SendRefusedBecause)
{
    public bool CanRead => ReadRefusedBecause is null;

    public bool CanSend => SendRefusedBecause is null;
}
