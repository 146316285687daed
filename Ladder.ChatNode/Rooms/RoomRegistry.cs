using System.Collections.Concurrent;

namespace Ladder.ChatNode.Rooms;

/// <summary>
/// This node's local members of each room. The fan-out reads a room's members as an immutable array (no lock, no
/// copy per message); joins and leaves replace the array.
/// </summary>
internal sealed class RoomRegistry
{
    private readonly ConcurrentDictionary<string, LocalRoom> rooms = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public int RoomCount => rooms.Count;

    /// <summary>Raised after a member left its room, whatever the reason (leave, rejoin, close, kick).</summary>
    public event Action<RoomMember>? MemberRemoved;

    /// <summary>Raised under the registry's lock when a room gets its first local member, before the member is in it:
    /// opening and closing a room are ordered, and the handler must not block.</summary>
    public event Action<LocalRoom>? RoomOpened;

    /// <summary>Raised under the registry's lock when a room's last local member left.</summary>
    public event Action<LocalRoom>? RoomClosed;

    public RoomMember[] Members(string room) => rooms.TryGetValue(room, out var local) ? local.Members : [];

    /// <summary>A moment's view of the rooms with local members (the node's stats read it).</summary>
    public IEnumerable<LocalRoom> Rooms => rooms.Values;

    public void Add(RoomMember member)
    {
        lock (gate)
        {
            if (!rooms.TryGetValue(member.Room, out var local))
            {
                local = new LocalRoom(member.Room);
                RoomOpened?.Invoke(local);
                rooms[member.Room] = local;
            }

            local.Members = [.. local.Members, member];
        }
    }

    public void Remove(RoomMember member)
    {
        lock (gate)
        {
            if (!rooms.TryGetValue(member.Room, out var local))
            {
                return;
            }

            var remaining = Array.FindAll(local.Members, other => !ReferenceEquals(other, member));
            local.Members = remaining;
            if (remaining.Length == 0)
            {
                rooms.TryRemove(member.Room, out _);
                RoomClosed?.Invoke(local);
            }
        }

        MemberRemoved?.Invoke(member);
    }
}
