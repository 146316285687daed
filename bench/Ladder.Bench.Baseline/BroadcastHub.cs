using System.Collections.Concurrent;

namespace Ladder.Bench.Baseline;

/// <summary>Rooms of local connections, read as immutable arrays (no lock per broadcast), like Ladder's registry.</summary>
public sealed class BroadcastHub
{
    private readonly ConcurrentDictionary<string, BaselineConnection[]> rooms = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private long seq;

    public ulong NextSeq() => (ulong)Interlocked.Increment(ref seq);

    public BaselineConnection[] Members(string room) => rooms.TryGetValue(room, out var members) ? members : [];

    public void Join(string room, BaselineConnection connection)
    {
        lock (gate)
        {
            var members = rooms.GetValueOrDefault(room) ?? [];
            if (Array.IndexOf(members, connection) < 0)
            {
                rooms[room] = [.. members, connection];
            }
        }
    }

    public void Leave(string room, BaselineConnection connection)
    {
        lock (gate)
        {
            if (rooms.TryGetValue(room, out var members))
            {
                var remaining = Array.FindAll(members, other => !ReferenceEquals(other, connection));
                if (remaining.Length == 0)
                {
                    rooms.TryRemove(room, out _);
                }
                else
                {
                    rooms[room] = remaining;
                }
            }
        }
    }
}
