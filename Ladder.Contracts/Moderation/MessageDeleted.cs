namespace Ladder.Contracts.Moderation;

/// <summary>Event: the tombstone for <see cref="Seq"/> is in the log at <see cref="TombstoneSeq"/>.</summary>
public sealed record MessageDeleted(string Room, ulong Seq, ulong TombstoneSeq, string Moderator, string? Reason, DateTimeOffset At);
