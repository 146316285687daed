using Ladder.ChatNode.Protocol;
using Ladder.ChatNode.Sessions;

namespace Ladder.ChatNode.Rooms;

/// <summary>
/// One session's membership of one room. While it catches up (a join replays the log), live frames the fan-out
/// routes to it are buffered; <see cref="FinishCatchUp"/> flushes those the replay did not already send and
/// switches it to live. After that the fan-out writes straight into the session's queue.
/// </summary>
internal sealed class RoomMember
{
    private readonly object gate = new();
    private readonly int bufferLimit;
    private List<OutboundFrame>? catchUpBuffer = [];
    private bool removed;
    private int presence;

    public RoomMember(ChatSession session, string room, RoomRegistry registry, int bufferLimit)
    {
        Session = session;
        Room = room;
        Registry = registry;
        this.bufferLimit = bufferLimit;
    }

    public ChatSession Session { get; }

    public string Room { get; }

    private RoomRegistry Registry { get; }

    public bool IsRemoved
    {
        get
        {
            lock (gate)
            {
                return removed;
            }
        }
    }

    /// <summary>True the first time: the member is now counted in the room's presence.</summary>
    public bool MarkPresent() => Interlocked.CompareExchange(ref presence, 1, 0) == 0;

    /// <summary>True when the member had been counted present and no longer is.</summary>
    public bool MarkAbsent() => Interlocked.Exchange(ref presence, 2) == 1;

    /// <summary>Called by the fan-out only (one thread, in log order). Never waits.</summary>
    public void Deliver(OutboundFrame frame)
    {
        // Live members, the common case, take no lock: once the buffer is gone it never comes back.
        if (Volatile.Read(ref catchUpBuffer) is null)
        {
            Session.Deliver(frame);
            return;
        }

        lock (gate)
        {
            if (removed)
            {
                return;
            }

            if (catchUpBuffer is null)
            {
                Session.Deliver(frame);
            }
            else if (catchUpBuffer.Count < bufferLimit)
            {
                catchUpBuffer.Add(frame);
            }
            else
            {
                // As slow as a full send queue: the client resumes later from its lastKnownId.
                Session.Deliver(frame);
                Session.Close(Ladder.Contracts.Wire.CloseCodes.SlowConsumer, "slow consumer: resume from your lastKnownId");
            }
        }
    }

    /// <summary>A replayed frame; false when the member has left meanwhile (nothing of the room may follow <c>left</c>).</summary>
    public bool DeliverReplayed(OutboundFrame frame)
    {
        lock (gate)
        {
            return !removed && Session.Deliver(frame);
        }
    }

    /// <summary>
    /// Sends the buffered live frames newer than <paramref name="deliveredLogSeq"/> (replay and buffer may overlap:
    /// this is where duplicates are dropped), then <paramref name="closing"/> if any, and goes live.
    /// </summary>
    /// <returns>The highest message seq sent by the flush, or 0.</returns>
    public ulong FinishCatchUp(ulong deliveredLogSeq, Func<ulong, OutboundFrame?> closing)
    {
        lock (gate)
        {
            var lastMessageSeq = 0UL;
            if (removed || catchUpBuffer is null)
            {
                return 0;
            }

            foreach (var frame in catchUpBuffer)
            {
                if (frame.LogSeq > deliveredLogSeq)
                {
                    if (!Session.Deliver(frame))
                    {
                        return 0;
                    }

                    if (frame.IsMessage)
                    {
                        lastMessageSeq = frame.Seq;
                    }
                }
            }

            if (closing(lastMessageSeq) is { } last)
            {
                Session.Deliver(last);
            }

            Volatile.Write(ref catchUpBuffer, null);
            return lastMessageSeq;
        }
    }

    /// <summary>Leaves the room: the fan-out stops routing to this member, and a replay in progress stops.</summary>
    /// <param name="farewell">Queued under the same lock, so that nothing of the room follows it.</param>
    public bool Remove(OutboundFrame? farewell = null)
    {
        lock (gate)
        {
            if (removed)
            {
                return false;
            }

            removed = true;
            catchUpBuffer = null;
            Registry.Remove(this);
            Session.RemoveMembership(this);
            if (farewell is not null)
            {
                Session.Deliver(farewell);
            }

            return true;
        }
    }
}
