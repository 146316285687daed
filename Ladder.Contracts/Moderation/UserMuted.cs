namespace Ladder.Contracts.Moderation;

public sealed record UserMuted(string User, string? Room, DateTimeOffset? Until, string Moderator, string? Reason, DateTimeOffset At);
