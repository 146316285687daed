namespace Ladder.Contracts.Moderation;

/// <summary>Command: close the user's connections on every node (4003) and refuse new ones until <see cref="Until"/>
/// (for good when null).</summary>
public sealed record BanUser(string User, DateTimeOffset? Until, string Moderator, string? Reason);
