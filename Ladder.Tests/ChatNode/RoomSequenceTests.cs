using Ladder.ChatNode.Fanout;

namespace Ladder.Tests.ChatNode;

/// <summary>One room's position on a node: a live entry in order is routed, one after a lost entry reveals a gap, one
/// routed already is dropped.</summary>
public sealed class RoomSequenceTests
{
    [Fact]
    public void AnEntryThatFollowsTheLastRoutedIsRouted()
    {
        var sequence = new RoomSequence(start: 10);

        Assert.Equal(LiveDecision.Route, sequence.Decide(seq: 14, previousSeq: 10));
    }

    [Fact]
    public void AnEntryAfterAnUnseenOneIsAGap()
    {
        var sequence = new RoomSequence(start: 10);

        Assert.Equal(LiveDecision.FillGap, sequence.Decide(seq: 20, previousSeq: 14));
    }

    [Fact]
    public void AnEntryAtOrBelowThePositionIsDropped()
    {
        var sequence = new RoomSequence(start: 10);

        Assert.Equal(LiveDecision.Drop, sequence.Decide(seq: 10, previousSeq: 7));
        Assert.Equal(LiveDecision.Drop, sequence.Decide(seq: 3, previousSeq: 0));
    }

    [Fact]
    public void APreviousEntryErasedSinceIsNoGap()
    {
        // The room's entry 12 was routed, then erased by a moderator: the next one names 9 (or 0) as its previous.
        var sequence = new RoomSequence(start: 12);

        Assert.Equal(LiveDecision.Route, sequence.Decide(seq: 15, previousSeq: 9));
        Assert.Equal(LiveDecision.Route, sequence.Decide(seq: 15, previousSeq: 0));
    }

    [Fact]
    public void ThePositionOnlyMovesForward()
    {
        var sequence = new RoomSequence(start: 5);
        sequence.Advance(9);
        sequence.Advance(7);

        Assert.Equal(9UL, sequence.Routed);
    }

    [Fact]
    public void LostDuplicatedAndLateEntriesStillRouteEveryEntryOnceInOrder()
    {
        // The room's entries in the log, interleaved with other rooms' seqs; the live feed loses some, repeats some,
        // and starts before the position (a subscription made before the head was read).
        ulong[] log = [3, 4, 8, 9, 11, 15, 16, 20, 21, 22, 30];
        var previous = log.Zip(log.Skip(1)).ToDictionary(pair => pair.Second, pair => pair.First);
        previous[log[0]] = 0;
        ulong[] live = [4, 8, 9, 9, 16, 20, 15, 22, 30];
        var sequence = new RoomSequence(start: 4);
        var routed = new List<ulong>();

        foreach (var seq in live)
        {
            switch (sequence.Decide(seq, previous[seq]))
            {
                case LiveDecision.Drop:
                    continue;
                case LiveDecision.FillGap:
                    // What the fan-out reads from the log: the room's entries after the position, before this one.
                    foreach (var missing in log.Where(entry => entry > sequence.Routed && entry < seq))
                    {
                        routed.Add(missing);
                        sequence.Advance(missing);
                    }

                    break;
            }

            routed.Add(seq);
            sequence.Advance(seq);
        }

        Assert.Equal(log.Where(seq => seq > 4), routed);
    }
}
