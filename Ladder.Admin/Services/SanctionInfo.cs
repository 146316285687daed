namespace Ladder.Admin.Services;

/// <summary>A ban or mute in force: <see cref="Room"/> is null for a ban or a mute everywhere; no <see cref="ExpiresAt"/> is for good.</summary>
public sealed record SanctionInfo(string? Room, string Moderator, string? Reason, DateTimeOffset At, DateTimeOffset? ExpiresAt);
