using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Wire;

namespace Ladder.ChatNode.Fanout;

/// <summary>
/// The newest log entries the fan-out routed, per room, within one node-wide memory budget
/// (<c>Chat:RecentEntriesMaxBytes</c>): what most resumes need, without a JetStream request. A copy of the log's tail, never a second source of truth:
/// whatever it cannot vouch for, it answers "unknown" and the caller reads the log.
/// </summary>
/// <remarks>
/// <para>What it vouches for ("coverage"): every entry of a followed room with <c>coveredFrom ≤ seq ≤ the last entry
/// added</c> is held, in seq order. Only rooms the fan-out follows are held (<see cref="StartRoom"/> to
/// <see cref="StopRoom"/>); of any other room nothing is vouched for. A room's <c>coveredFrom</c> starts one past the
/// room's head when the fan-out began following it, is raised past each of its entries evicted (for the budget or for
/// the room's limit) and past an entry the node cannot decode (which the log would still count), and lowered by
/// <see cref="NoteHead"/> when the log said the room had nothing before. Entries are added by the fan-out before it
/// moves the room's <see cref="RoomSequence.Routed"/>, so a reader that read that position first finds every entry up
/// to it here, unless it was evicted, which coverage then says.</para>
/// <para>It matches the log, not just a past state of it: a room keeps at most <c>Chat:Log:MaxMessagesPerRoom</c>
/// entries (the log keeps the newest that many per room, so these are among them); a message is dropped when its
/// tombstone is routed (the moderator erases it from the log right after appending the tombstone); and entries older
/// than <c>Chat:Log:MaxAge</c> (less a minute of clock slack) are not vouched for, since the log may have expired
/// them.</para>
/// </remarks>
internal sealed class RecentEntries
{
    /// <summary>What one held entry costs besides its encoded frame (the frame object, the list and queue slots), and
    /// what a note without a frame costs.</summary>
    public const int EntryOverhead = 128;

    /// <summary>The log expires by its own clock, the entries carry the publisher's: keep a margin.</summary>
    private static readonly TimeSpan ClockSlack = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private readonly Dictionary<string, RecentRoomEntries> rooms = new(StringComparer.Ordinal);

    // One item per entry added (or per note), in seq order, with what it costs: what the budget evicts first.
    private readonly Queue<(RecentRoomEntries Room, ulong Seq, long Cost)> order = new();
    private readonly long maxBytes;
    private long bytes;
    private readonly long maxPerRoom;
    private readonly TimeSpan maxAge;
    private readonly TimeProvider time;

    /// <param name="maxBytes">Memory the entries may take over all rooms (<see cref="CostOf"/> each); 0 keeps none
    /// (every resume reads the log).</param>
    /// <param name="maxPerRoom">The log's per-room limit.</param>
    /// <param name="maxAge">The log's age limit; zero or less for none.</param>
    /// <param name="time">The clock the age limit is checked against.</param>
    public RecentEntries(long maxBytes, long maxPerRoom, TimeSpan maxAge, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerRoom, 1);
        this.maxBytes = maxBytes;
        this.maxPerRoom = maxPerRoom;
        this.maxAge = maxAge;
        this.time = time;
    }

    /// <summary>Entries held now (for tests).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return rooms.Values.Sum(room => room.LiveCount);
            }
        }
    }

    private bool Enabled => maxBytes > 0;

    /// <summary>Called by the fan-out when it begins following <paramref name="room"/>, before it routes any of its
    /// entries: every entry of the room from <paramref name="firstSeq"/> on will be added. Forgets what an earlier
    /// span of following the room held.</summary>
    public void StartRoom(string room, ulong firstSeq)
    {
        if (!Enabled)
        {
            return;
        }

        lock (gate)
        {
            // Queue items of an earlier span still point at the old object; eviction ignores them.
            rooms[room] = new RecentRoomEntries(room) { CoveredFrom = firstSeq };
        }
    }

    /// <summary>Called by the fan-out when it stops following <paramref name="room"/>: entries stored from now on
    /// will not be added, so nothing of the room is vouched for any more.</summary>
    public void StopRoom(string room)
    {
        lock (gate)
        {
            rooms.Remove(room);
        }
    }

    /// <summary>What holding <paramref name="frame"/> counts against the budget.</summary>
    public static long CostOf(OutboundFrame frame) => frame.Utf8Json.Length + EntryOverhead;

    /// <summary>Called by the fan-out only, in seq order, for each routed entry of a room it decoded.</summary>
    public void Add(OutboundFrame frame, DateTimeOffset storedAt)
    {
        if (!Enabled || frame.Room is null)
        {
            return;
        }

        lock (gate)
        {
            if (!rooms.TryGetValue(frame.Room, out var room))
            {
                return;
            }

            if (frame.Type == ServerFrameTypes.Deleted)
            {
                room.Erase(frame.Seq);
            }

            room.Append(new RecentEntry(frame.LogSeq, frame, storedAt));
            Enqueue(room, frame.LogSeq, CostOf(frame));
            if (room.LiveCount > maxPerRoom)
            {
                room.DropOldest();
            }

            Trim();
        }
    }

    /// <summary>Called by the fan-out for an entry of <paramref name="room"/> it could not decode: the log counts
    /// it, so nothing before it is vouched for any more.</summary>
    public void Skip(string room, ulong seq)
    {
        lock (gate)
        {
            if (!rooms.TryGetValue(room, out var entries))
            {
                return;
            }

            entries.CoveredFrom = Math.Max(entries.CoveredFrom, seq + 1);
            Enqueue(entries, seq, EntryOverhead);
            Trim();
        }
    }

    /// <summary>
    /// What a head read from the log (each join reads one) teaches: the room had no entry in (<paramref name="head"/>, the last stored seq
    /// when the log answered]. <paramref name="routedBefore"/> is <see cref="LogFanout.RoutedSeq"/> read before the
    /// request was sent (the room's <see cref="RoomSequence.Routed"/>), so every entry up to it was stored before the answer: when what is held for the room starts
    /// at most one past it, nothing of the room lies between the head and what is held, and coverage can start right
    /// after the head. The note takes a place in the budget, so that it is forgotten like an entry.
    /// </summary>
    public void NoteHead(string room, ulong head, ulong routedBefore)
    {
        lock (gate)
        {
            if (!rooms.TryGetValue(room, out var entries))
            {
                return;
            }

            var covered = entries.CoveredFrom;
            if (covered > routedBefore + 1 || head + 1 >= covered)
            {
                return;
            }

            entries.CoveredFrom = head + 1;
            Enqueue(entries, routedBefore, EntryOverhead);
            Trim();
        }
    }

    /// <summary>
    /// The room's entries with <paramref name="after"/> &lt; seq ≤ <paramref name="upTo"/>, when all of them are
    /// vouched for: the newest <paramref name="max"/> of them in seq order, and the seq of the newest one left out
    /// (0 when none was).
    /// </summary>
    public bool TryRead(string room, ulong after, ulong upTo, int max, out IReadOnlyList<OutboundFrame> frames, out ulong lastSkipped)
    {
        frames = [];
        lastSkipped = 0;
        lock (gate)
        {
            if (!rooms.TryGetValue(room, out var entries) || after + 1 < entries.CoveredFrom)
            {
                return false;
            }

            var inRange = entries.Range(after, upTo);
            if (inRange.Count > 0 && IsTooOld(inRange[0]))
            {
                return false;
            }

            var skip = Math.Max(0, inRange.Count - max);
            if (skip > 0)
            {
                lastSkipped = inRange[skip - 1].Seq;
            }

            frames = [.. inRange.Skip(skip).Select(entry => entry.Frame!)];
            return true;
        }
    }

    private void Enqueue(RecentRoomEntries room, ulong seq, long cost)
    {
        order.Enqueue((room, seq, cost));
        bytes += cost;
    }

    /// <summary>Evicts the oldest entries over the budget; each room's coverage follows its own.</summary>
    private void Trim()
    {
        while (bytes > maxBytes)
        {
            var (room, seq, cost) = order.Dequeue();
            bytes -= cost;
            room.DropUpTo(seq);
        }
    }

    private bool IsTooOld(RecentEntry entry) =>
        maxAge > TimeSpan.Zero && entry.StoredAt < time.GetUtcNow() - maxAge + ClockSlack;
}
