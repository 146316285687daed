namespace Ladder.Contracts.State;

/// <summary>A user came online in or left a room (published on <see cref="RedisKeys.PresenceChanges"/>).</summary>
public sealed record PresenceChange(string Room, string User, bool Joined);
