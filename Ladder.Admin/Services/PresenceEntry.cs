namespace Ladder.Admin.Services;

/// <summary>A user present in a room through one node, until the node stops refreshing the entry.</summary>
public sealed record PresenceEntry(string User, string Node, DateTimeOffset ExpiresAt);
