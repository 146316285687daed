namespace Ladder.Contracts.State;

/// <summary>One room's local members on one node, as listed in <see cref="NodeStats.TopRooms"/>.</summary>
/// <param name="LatencyP99Ms">The 99th percentile of this room's delivery latency on the node over the last stats
/// interval (log timestamp to the frame queued to its members); 0 when nothing was delivered in it.</param>
public sealed record RoomLoad(string Room, int Members, double LatencyP99Ms = 0);
