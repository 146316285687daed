using Ladder.Contracts.Wire;

namespace Ladder.Client.Internal;

/// <summary>One room the application wants to be in. Guarded by the client's lock.</summary>
internal sealed class RoomState(string name, ulong? lastKnownId)
{
    private readonly HashSet<ulong> _deleted = [];
    private readonly Queue<ulong> _deletedOrder = new();

    public string Name { get; } = name;

    /// <summary>Highest seq seen (or the head at a fresh join); null until the first join is confirmed.</summary>
    public ulong? LastKnownId { get; set; } = lastKnownId;

    /// <summary>Id of the connection on which the server confirmed membership; 0 when not (yet) joined there.</summary>
    public long JoinedOn { get; set; }

    /// <summary>True once a join was confirmed: a cancelled join of such a room does not leave it.</summary>
    public bool EverJoined { get; set; }

    public List<TaskCompletionSource<JoinedFrame>> JoinWaiters { get; } = [];

    /// <summary>Transient refusals of this room's joins since it was last joined: each waits longer before the next.</summary>
    public int TransientRefusals { get; set; }

    /// <summary>True the first time a deletion is seen; deletions are replayed on resume and must surface once.</summary>
    public bool RememberDeleted(ulong seq, int capacity)
    {
        if (!_deleted.Add(seq))
        {
            return false;
        }

        _deletedOrder.Enqueue(seq);
        while (_deletedOrder.Count > capacity)
        {
            _deleted.Remove(_deletedOrder.Dequeue());
        }

        return true;
    }
}
