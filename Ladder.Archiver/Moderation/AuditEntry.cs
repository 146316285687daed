namespace Ladder.Archiver.Moderation;

/// <summary>One row of the moderation audit log: who did what to whom, why and when.</summary>
internal sealed record AuditEntry(
    Guid CommandId,
    DateTimeOffset At,
    string Moderator,
    string Action,
    string? Room,
    string? TargetUser,
    ulong? TargetSeq,
    string? Reason,
    DateTimeOffset? ExpiresAt);
