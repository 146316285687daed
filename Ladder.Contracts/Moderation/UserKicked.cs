namespace Ladder.Contracts.Moderation;

/// <summary>Event: every chat node closes the user's connections with 4003.</summary>
public sealed record UserKicked(string User, string Moderator, string? Reason, DateTimeOffset At);
