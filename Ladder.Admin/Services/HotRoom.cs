namespace Ladder.Admin.Services;

/// <summary>
/// A busy room: its archived messages per second over the last sample, its members on the nodes that list it among
/// their top rooms, and the worst p99 delivery latency of those nodes (the fan-out measures latency per node).
/// </summary>
public sealed record HotRoom(string Room, double MessagesPerSecond, int Members, double LatencyP99Ms, IReadOnlyList<string> Nodes);
