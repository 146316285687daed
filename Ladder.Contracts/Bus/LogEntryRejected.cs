namespace Ladder.Contracts.Bus;

/// <summary>
/// A chat log entry that can never be archived (unknown kind, unreadable body, or refused by PostgreSQL). Recorded so that
/// the archive's contiguous position can move past it and an operator can see it.
/// </summary>
public sealed record LogEntryRejected(string Room, ulong Seq, string Reason, DateTimeOffset RejectedAt);
