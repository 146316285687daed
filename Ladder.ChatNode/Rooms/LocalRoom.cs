namespace Ladder.ChatNode.Rooms;

/// <summary>
/// One room from its first local member to its last: a room that empties and fills again is a new
/// <see cref="LocalRoom"/>. The fan-out follows the room for exactly that span and routes to these members, so an entry
/// read for an earlier span never reaches a member of a later one.
/// </summary>
internal sealed class LocalRoom(string name)
{
    private RoomMember[] members = [];

    public string Name => name;

    /// <summary>This room's delivery latencies since the last stats tick (the console's hot rooms show its p99).</summary>
    public Diagnostics.LatencyWindow Latency { get; } = new(Diagnostics.LatencyWindow.RoomCapacity);

    /// <summary>Replaced as a whole under <see cref="RoomRegistry"/>'s lock; empty once the room closed.</summary>
    public RoomMember[] Members
    {
        get => Volatile.Read(ref members);
        internal set => Volatile.Write(ref members, value);
    }
}
