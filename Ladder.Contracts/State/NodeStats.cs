namespace Ladder.Contracts.State;

/// <summary>What a chat node publishes about itself every few seconds (hash <see cref="RedisKeys.Node"/>).</summary>
/// <param name="DeliveriesPerSecond">Live frames queued to local members per second over the last interval.</param>
/// <param name="LatencyP50Ms">Median delivery latency over the last interval: from the log's timestamp to the frame queued to the members.</param>
/// <param name="LatencyP99Ms">99th percentile of the same.</param>
/// <param name="SlowConsumerCloses">Connections closed as slow consumers since the node started.</param>
/// <param name="RefusedFrames">Client frames answered with an error since the node started.</param>
/// <param name="TopRooms">The node's rooms with the most local members, busiest first (at most a few).</param>
public sealed record NodeStats(
    string Node,
    string Url,
    int Connections,
    int Rooms,
    double MessagesPerSecond,
    long SendQueueDepth,
    long MemoryBytes,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    double DeliveriesPerSecond = 0,
    double LatencyP50Ms = 0,
    double LatencyP99Ms = 0,
    long SlowConsumerCloses = 0,
    long RefusedFrames = 0,
    IReadOnlyList<RoomLoad>? TopRooms = null);
