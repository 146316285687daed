namespace Ladder.Contracts.Moderation;

/// <summary>Command: refuse the user's sends in <see cref="Room"/> (everywhere when null) until <see cref="Until"/>
/// (for good when null).</summary>
public sealed record MuteUser(string User, string? Room, DateTimeOffset? Until, string Moderator, string? Reason);
