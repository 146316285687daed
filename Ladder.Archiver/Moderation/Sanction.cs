namespace Ladder.Archiver.Moderation;

/// <summary>A ban, mute or room closure in force: what the Redis cache key holds (the reason) and until when.</summary>
internal sealed record Sanction(string Key, string? Reason, DateTimeOffset? ExpiresAt);
