namespace Ladder.Contracts.Moderation;

/// <summary>Command: close the user's connections on every node (4003); they may reconnect.</summary>
public sealed record KickUser(string User, string Moderator, string? Reason);
