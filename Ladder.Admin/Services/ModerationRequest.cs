namespace Ladder.Admin.Services;

/// <summary>What a moderator asked for on the user page: <see cref="Duration"/> null means for good (ignored by a kick);
/// <see cref="Room"/> null mutes everywhere.</summary>
public sealed record ModerationRequest(ModerationKind Kind, string User, string? Room, TimeSpan? Duration, string Reason);
