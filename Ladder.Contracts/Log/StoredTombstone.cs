namespace Ladder.Contracts.Log;

/// <summary>The body of a deletion in the log: message <see cref="Seq"/> of the same room is removed.</summary>
public sealed record StoredTombstone(ulong Seq, string Moderator, string? Reason, DateTimeOffset Ts);
