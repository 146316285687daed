namespace Ladder.Contracts.Bus;

/// <summary>
/// A moderator's deletion that JetStream stored as entry <see cref="Seq"/> of the chat log: message
/// <see cref="DeletedSeq"/> of <see cref="Room"/> is removed. Delivered at least once.
/// </summary>
public sealed record TombstoneStored(string Room, ulong Seq, ulong DeletedSeq, string Moderator, string? Reason, DateTimeOffset Ts);
