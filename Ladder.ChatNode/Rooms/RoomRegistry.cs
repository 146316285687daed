using System.Collections.Concurrent;

namespace Ladder.ChatNode.Rooms;

/// <summary>
/// This node's local members of each room. The fan-out reads a room's members as an immutable array (no lock, no
/// copy per message); joins and leaves replace the array.
/// </summary>
public sealed class RoomRegistry
{
    private readonly ConcurrentDictionary<string, RoomMember[]> rooms = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public int RoomCount => rooms.Count;

    /// <summary>Raised after a member left its room, whatever the reason (leave, rejoin, close, kick).</summary>
    public event Action<RoomMember>? MemberRemoved;

    public RoomMember[] Members(string room) => rooms.TryGetValue(room, out var members) ? members : [];

    public IEnumerable<KeyValuePair<string, RoomMember[]>> Rooms => rooms;

    public void Add(RoomMember member)
    {
        lock (gate)
        {
            var members = rooms.GetValueOrDefault(member.Room) ?? [];
            rooms[member.Room] = [.. members, member];
        }
    }

    public void Remove(RoomMember member)
    {
        lock (gate)
        {
            if (!rooms.TryGetValue(member.Room, out var members))
            {
                return;
            }

            var remaining = Array.FindAll(members, other => !ReferenceEquals(other, member));
            if (remaining.Length == 0)
            {
                rooms.TryRemove(member.Room, out _);
            }
            else
            {
                rooms[member.Room] = remaining;
            }
        }

        MemberRemoved?.Invoke(member);
    }
}
