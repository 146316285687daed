using Ladder.ChatNode.Fanout;
using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Wire;

namespace Ladder.Tests.ChatNode;

/// <summary>The fan-out's in-memory tail of the log: what it vouches for, and where it answers "unknown" so that the
/// replay reads the log instead. Rooms are held only while the fan-out follows them (<see cref="RecentEntries.StartRoom"/>);
/// the helpers here follow every room they use from <c>firstSeq</c>.</summary>
public sealed class RecentEntriesTests
{
    private const long Plenty = 1024 * 1024;
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EverythingRoutedSinceTheStartIsServedAndNothingBefore()
    {
        var recent = Started(Plenty, firstSeq: 10);
        Add(recent, "a", 10, 11);
        Add(recent, "b", 12);
        Add(recent, "a", 13);

        Assert.Equal([10UL, 11, 13], Read(recent, "a", after: 9, upTo: 13));
        Assert.Equal([13UL], Read(recent, "a", after: 11, upTo: 13));
        Assert.Equal([10UL, 11], Read(recent, "a", after: 9, upTo: 12));
        Assert.Null(Read(recent, "a", after: 8, upTo: 13));
    }

    [Fact]
    public void ARoomWithNothingSinceTheStartHasAnEmptyGap()
    {
        var recent = Started(Plenty, firstSeq: 10);
        Add(recent, "a", 10);

        Assert.Equal([], Read(recent, "quiet", after: 9, upTo: 10));
        Assert.Null(Read(recent, "quiet", after: 8, upTo: 10));
    }

    [Fact]
    public void ARoomNotFollowedIsNeverVouchedFor()
    {
        var recent = Started(Plenty, firstSeq: 10);
        recent.StopRoom("quiet");

        Assert.Null(Read(recent, "quiet", after: 9, upTo: 10));
        Assert.Null(Read(recent, "unknown", after: 100, upTo: 100));
    }

    [Fact]
    public void FollowingARoomAgainForgetsTheEarlierSpan()
    {
        var recent = Started(Plenty, firstSeq: 1);
        Add(recent, "a", 1, 2);
        recent.StopRoom("a");
        Add(recent, "a", 3);

        Assert.Null(Read(recent, "a", after: 0, upTo: 3));

        // Entries 3 and 4 were stored while nobody here followed the room.
        recent.StartRoom("a", 5);
        Add(recent, "a", 5);

        Assert.Null(Read(recent, "a", after: 2, upTo: 5));
        Assert.Equal([5UL], Read(recent, "a", after: 4, upTo: 5));
    }

    [Fact]
    public void AHeadFromTheLogVouchesForTheGapBeforeWhatIsHeld()
    {
        var recent = Started(Plenty, firstSeq: 10);
        Add(recent, "a", 10, 11);

        recent.NoteHead("a", head: 5, routedBefore: 9);
        recent.NoteHead("new", head: 0, routedBefore: 11);

        Assert.Equal([10UL, 11], Read(recent, "a", after: 5, upTo: 11));
        Assert.Null(Read(recent, "a", after: 4, upTo: 11));
        Assert.Equal([], Read(recent, "new", after: 0, upTo: 11));
    }

    [Fact]
    public void AHeadReadBeforeTheWatermarkTeachesNothing()
    {
        var recent = Started(Plenty, firstSeq: 10);

        // Entries 9 and 10 may have been stored after the log answered: nothing is known below them.
        recent.NoteHead("b", head: 0, routedBefore: 8);

        Assert.Null(Read(recent, "b", after: 0, upTo: 12));
    }

    [Fact]
    public void AHeadNoteTakesAPlaceInTheBudget()
    {
        // Room for x's two entries, not for the note besides them.
        var recent = Started(RecentEntries.CostOf(Message("x", 10)) + RecentEntries.CostOf(Message("x", 11)), firstSeq: 10);
        recent.NoteHead("n", head: 0, routedBefore: 9);
        Add(recent, "x", 10);

        Assert.Equal([], Read(recent, "n", after: 0, upTo: 10));

        Add(recent, "x", 11);

        Assert.Null(Read(recent, "n", after: 0, upTo: 11));
        Assert.Equal([10UL, 11], Read(recent, "x", after: 9, upTo: 11));
    }

    [Fact]
    public void AtTheBudgetEverythingIsKeptAndOneByteMoreEvictsTheOldest()
    {
        var recent = Started(3 * RecentEntries.CostOf(Message("a", 1)), firstSeq: 1);
        Add(recent, "a", 1, 2, 3);

        Assert.Equal([1UL, 2, 3], Read(recent, "a", after: 0, upTo: 3));

        Add(recent, "b", 4);

        Assert.Equal(3, recent.Count);
        Assert.Null(Read(recent, "a", after: 0, upTo: 4));
        Assert.Equal([2UL, 3], Read(recent, "a", after: 1, upTo: 4));
        // A followed room with nothing left still vouches for what came after its last eviction: nothing.
        Add(recent, "b", 5, 6, 7);
        Assert.Equal([], Read(recent, "a", after: 3, upTo: 7));
        Assert.Null(Read(recent, "a", after: 2, upTo: 7));
    }

    [Fact]
    public void MoreThanMaxInTheGapReturnsTheNewestAndTheLastSkipped()
    {
        var recent = Started(Plenty, firstSeq: 1);
        Add(recent, "a", 1, 2, 3, 4, 5);

        Assert.True(recent.TryRead("a", 0, 5, 2, out var frames, out var lastSkipped));
        Assert.Equal([4UL, 5], frames.Select(frame => frame.LogSeq));
        Assert.Equal(3UL, lastSkipped);

        Assert.True(recent.TryRead("a", 0, 5, 5, out frames, out lastSkipped));
        Assert.Equal(5, frames.Count);
        Assert.Equal(0UL, lastSkipped);
    }

    [Fact]
    public void ATombstoneRemovesTheMessageItDeletes()
    {
        var recent = Started(Plenty, firstSeq: 1);
        Add(recent, "a", 1, 2);
        recent.Add(FrameEncoder.Deleted(new DeletedFrame("a", 1), 3), Now);

        Assert.True(recent.TryRead("a", 0, 3, 100, out var frames, out _));
        Assert.Equal([2UL, 3], frames.Select(frame => frame.LogSeq));
        Assert.Equal(ServerFrameTypes.Deleted, frames[1].Type);
    }

    [Fact]
    public void AnUndecodableEntryEndsWhatIsVouchedForBeforeIt()
    {
        var recent = Started(Plenty, firstSeq: 1);
        Add(recent, "a", 1);
        recent.Skip("a", 2);
        Add(recent, "a", 3);

        Assert.Null(Read(recent, "a", after: 0, upTo: 3));
        Assert.Null(Read(recent, "a", after: 1, upTo: 3));
        Assert.Equal([3UL], Read(recent, "a", after: 2, upTo: 3));
    }

    [Fact]
    public void ARoomKeepsNoMoreThanTheLogKeepsPerRoom()
    {
        var recent = Started(Plenty, firstSeq: 1, maxPerRoom: 2);
        Add(recent, "a", 1, 2);

        Assert.Equal([1UL, 2], Read(recent, "a", after: 0, upTo: 2));

        Add(recent, "a", 3);

        Assert.Null(Read(recent, "a", after: 0, upTo: 3));
        Assert.Equal([2UL, 3], Read(recent, "a", after: 1, upTo: 3));
    }

    [Fact]
    public void EntriesTheLogMayHaveExpiredAreNotVouchedFor()
    {
        var clock = new FixedClock(Now);
        var recent = new RecentEntries(Plenty, 100, TimeSpan.FromHours(1), clock);
        recent.StartRoom("a", 1);
        recent.Add(Message("a", 1), Now.AddMinutes(-59).AddSeconds(-1));
        recent.Add(Message("a", 2), Now);

        Assert.Null(Read(recent, "a", after: 0, upTo: 2));
        Assert.Equal([2UL], Read(recent, "a", after: 1, upTo: 2));
        clock.Now = Now.AddMinutes(60);
        Assert.Null(Read(recent, "a", after: 1, upTo: 2));
    }

    [Fact]
    public void ABudgetOfZeroKeepsNothingAndVouchesForNothing()
    {
        var recent = Started(0, firstSeq: 1);
        Add(recent, "a", 1);

        Assert.Equal(0, recent.Count);
        Assert.Null(Read(recent, "a", after: 0, upTo: 1));
        Assert.Null(Read(recent, "quiet", after: 5, upTo: 6));
    }

    [Fact]
    public void NothingIsVouchedForBeforeTheFanoutFollowsTheRoom()
    {
        var recent = new RecentEntries(Plenty, 100, TimeSpan.FromDays(30), new FixedClock(Now));

        Assert.Null(Read(recent, "a", after: 0, upTo: 1));
    }

    private static RecentEntries Started(long maxBytes, ulong firstSeq, long maxPerRoom = 100_000)
    {
        var recent = new RecentEntries(maxBytes, maxPerRoom, TimeSpan.FromDays(30), new FixedClock(Now));
        foreach (var room in (string[])["a", "b", "x", "n", "new", "quiet"])
        {
            recent.StartRoom(room, firstSeq);
        }

        return recent;
    }

    private static void Add(RecentEntries recent, string room, params ulong[] seqs)
    {
        foreach (var seq in seqs)
        {
            recent.Add(Message(room, seq), Now);
        }
    }

    private static OutboundFrame Message(string room, ulong seq) =>
        FrameEncoder.Message(new MessageFrame(room, seq, "alice", $"text {seq}", FrameEncoder.Timestamp(Now), $"m{seq}"));

    /// <summary>The seqs served for the gap, or null when the log must be read.</summary>
    private static List<ulong>? Read(RecentEntries recent, string room, ulong after, ulong upTo) =>
        recent.TryRead(room, after, upTo, int.MaxValue, out var frames, out _) ? [.. frames.Select(frame => frame.LogSeq)] : null;

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
