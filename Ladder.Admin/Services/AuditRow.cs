namespace Ladder.Admin.Services;

/// <summary>One moderator action from the audit log.</summary>
public sealed record AuditRow(
    long Id,
    DateTimeOffset At,
    string Moderator,
    string Action,
    string? Room,
    string? TargetUser,
    ulong? TargetSeq,
    string? Reason,
    DateTimeOffset? ExpiresAt);
