namespace Ladder.Contracts.Moderation;

/// <summary>Command: remove message <see cref="Seq"/> of <see cref="Room"/> (a tombstone in the room's log).</summary>
public sealed record DeleteMessage(string Room, ulong Seq, string Moderator, string? Reason);
