namespace Ladder.ChatNode.Fanout;

/// <summary>
/// One followed room's position on this node: the last log seq routed to its members. Live entries come over core
/// NATS (at most once, possibly after a later one was lost), each with the room's previous seq; comparing that with
/// the position tells an entry in order from one after a gap and from one routed already.
/// </summary>
/// <remarks>Written by the fan-out loop only; read by joins (<see cref="Routed"/> is volatile).</remarks>
internal sealed class RoomSequence(ulong start)
{
    private ulong routed = start;

    /// <summary>Every entry of the room up to this seq was routed (or was stored before the room was followed).</summary>
    public ulong Routed => Volatile.Read(ref routed);

    /// <param name="seq">The entry's stream seq (<c>Nats-Sequence</c>).</param>
    /// <param name="previousSeq">The room's entry stored before it (<c>Nats-Last-Sequence</c>; 0 for none, or when
    /// that entry was erased since).</param>
    public LiveDecision Decide(ulong seq, ulong previousSeq)
    {
        var position = Routed;
        if (seq <= position)
        {
            return LiveDecision.Drop;
        }

        // previousSeq below the position: the entries between were erased (a moderator's delete); none is missing.
        return previousSeq <= position ? LiveDecision.Route : LiveDecision.FillGap;
    }

    /// <summary>Moves the position to <paramref name="seq"/>, never back.</summary>
    public void Advance(ulong seq)
    {
        if (seq > routed)
        {
            Volatile.Write(ref routed, seq);
        }
    }
}
