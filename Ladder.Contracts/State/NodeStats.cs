namespace Ladder.Contracts.State;

/// <summary>What a chat node publishes about itself every few seconds (hash <see cref="RedisKeys.Node"/>).</summary>
public sealed record NodeStats(
    string Node,
    string Url,
    int Connections,
    int Rooms,
    double MessagesPerSecond,
    long SendQueueDepth,
    long MemoryBytes,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt);
