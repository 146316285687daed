namespace Ladder.Contracts.Moderation;

/// <summary>Command: the room takes no more messages; its history stays readable.</summary>
public sealed record CloseRoom(string Room, string Moderator, string? Reason);
