namespace Ladder.Contracts.Moderation;

/// <summary>Event: every chat node closes the user's connections with 4003.</summary>
public sealed record UserBanned(string User, DateTimeOffset? Until, string Moderator, string? Reason, DateTimeOffset At);
