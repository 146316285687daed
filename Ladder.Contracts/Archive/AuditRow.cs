namespace Ladder.Contracts.Archive;

/// <summary>
/// One row of the moderation audit log (<see cref="ArchiveTables.ModerationAudit"/>): who did what to whom, why and
/// when. The archiver's moderation consumers write it, the admin console reads it.
/// </summary>
/// <param name="Id">The row's identity, assigned by the database on insert: 0 in a row being written.</param>
/// <param name="Action">What was done, e.g. <c>delete</c>, <c>mute</c>, <c>ban</c>, <c>kick</c>, <c>close-room</c>.</param>
/// <param name="TargetSeq">The deleted message's seq, for a deletion.</param>
/// <param name="ExpiresAt">When a mute or ban ends; null for one without end and for other actions.</param>
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
