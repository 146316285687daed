namespace Ladder.Contracts.State;

/// <summary>
/// Every Redis key and channel Ladder uses, in one place. Redis holds only what may be lost: presence, typing,
/// rate-limit buckets, node stats, user sessions and the moderation cache (PostgreSQL has the durable record).
/// </summary>
public static class RedisKeys
{
    private const string Prefix = "ladder:";

    /// <summary>Sorted set: members <c>user|node</c>, score = expiry (unix ms), refreshed by the node while connected.</summary>
    public static string Presence(string room) => $"{Prefix}presence:{room}";

    /// <summary>Set of rooms that have a presence entry (so expired entries of a dead node can be swept).</summary>
    public const string PresenceRooms = Prefix + "presence-rooms";

    /// <summary>Pub/sub channel of presence changes: JSON <see cref="PresenceChange"/>.</summary>
    public const string PresenceChanges = Prefix + "presence-changes";

    /// <summary>Pub/sub channel of typing signals: JSON <see cref="TypingSignal"/>.</summary>
    public const string TypingSignals = Prefix + "typing";

    /// <summary>Hash with a user's send token bucket: <c>tokens</c>, <c>at</c> (unix ms).</summary>
    public static string SendBucket(string user) => $"{Prefix}rate:send:{user}";

    /// <summary>Sorted set of one user's open connections over all nodes: members <c>node|connection</c>, score =
    /// expiry (unix ms), refreshed by the node while the connection is open; the key itself expires too.</summary>
    public static string UserConnections(string user) => $"{Prefix}connections:{user}";

    /// <summary>Hash of one node's stats (<see cref="NodeStats"/> fields), with a TTL: a dead node disappears.</summary>
    public static string Node(string node) => $"{Prefix}node:{node}";

    /// <summary>Sorted set of node names, score = expiry (unix ms).</summary>
    public const string Nodes = Prefix + "nodes";

    /// <summary>Hash session id → JSON <see cref="UserSession"/> of one user's open connections, with a TTL.</summary>
    public static string UserSessions(string user) => $"{Prefix}sessions:{user}";

    /// <summary>String (the reason) while the user is banned; its TTL is the ban's end, none for a permanent ban.</summary>
    public static string Ban(string user) => $"{Prefix}ban:{user}";

    /// <summary>String (the reason) while the user is muted in <paramref name="room"/>, or everywhere when room is null.</summary>
    public static string Mute(string user, string? room) => $"{Prefix}mute:{user}:{room ?? "*"}";

    /// <summary>String (the reason) while the room is closed.</summary>
    public static string ClosedRoom(string room) => $"{Prefix}closed:{room}";
}
