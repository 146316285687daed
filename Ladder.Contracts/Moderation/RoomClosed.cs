namespace Ladder.Contracts.Moderation;

public sealed record RoomClosed(string Room, string Moderator, string? Reason, DateTimeOffset At);
