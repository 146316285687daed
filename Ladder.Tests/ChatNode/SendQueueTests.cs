using System.Threading.Channels;
using Ladder.ChatNode.Protocol;
using Ladder.ChatNode.Sessions;
using Ladder.Contracts.Wire;

namespace Ladder.Tests.ChatNode;

/// <summary>A connection's send queue: bounded without ever making the fan-out wait, ordered, and safe for the
/// fan-out, replays and the receive loop writing at once while the transport reads.</summary>
public sealed class SendQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(64)]
    public void ExactlyCapacityFramesAreAcceptedAndTheNextIsRefused(int capacity)
    {
        var queue = new SendQueue(capacity);
        for (var seq = 1UL; seq <= (ulong)capacity; seq++)
        {
            Assert.True(queue.TryEnqueue(Frame(seq)));
        }

        Assert.False(queue.TryEnqueue(Frame(0)));
        Assert.Equal(capacity, queue.Count);

        // One read makes room for exactly one more, which goes in behind the rest.
        Assert.True(queue.TryDequeue(out var first));
        Assert.Equal(1UL, first.Seq);
        Assert.True(queue.TryEnqueue(Frame((ulong)capacity + 1)));
        Assert.False(queue.TryEnqueue(Frame(0)));
        Assert.Equal(Enumerable.Range(2, capacity).Select(seq => (ulong)seq), DrainSeqs(queue));
    }

    [Fact]
    public void FramesComeOutInOrderAcrossWrapAroundAndGrowth()
    {
        var queue = new SendQueue(100);
        var next = 1UL;
        var expected = 1UL;
        // Keep a few frames in the ring while adding more than read, so the ring wraps before it grows.
        for (var round = 0; round < 50; round++)
        {
            for (var added = 0; added < 3; added++)
            {
                Assert.True(queue.TryEnqueue(Frame(next++)));
            }

            for (var taken = 0; taken < (round % 2 == 0 ? 1 : 3); taken++)
            {
                Assert.True(queue.TryPeek(out var peeked));
                Assert.True(queue.TryDequeue(out var frame));
                Assert.Same(peeked, frame);
                Assert.Equal(expected++, frame.Seq);
            }
        }

        Assert.Equal(Enumerable.Range((int)expected, (int)(next - expected)).Select(seq => (ulong)seq), DrainSeqs(queue));
        Assert.False(queue.TryPeek(out _));
        Assert.False(queue.TryDequeue(out _));
    }

    [Fact]
    public async Task EnqueueAsyncWaitsUntilAReadFreesRoomAndKeepsItsPlace()
    {
        var queue = new SendQueue(2);
        var added = 0;
        queue.OnAdded = () => Interlocked.Increment(ref added);
        await queue.EnqueueAsync(Frame(1), CancellationToken.None);
        await queue.EnqueueAsync(Frame(2), CancellationToken.None);

        var waiting = queue.EnqueueAsync(Frame(3), CancellationToken.None).AsTask();
        // Deliberately lets time pass: a full queue must keep the third enqueue waiting (nothing to wait for).
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        Assert.Equal(2, Volatile.Read(ref added));

        Assert.True(queue.TryDequeue(out var first));
        Assert.Equal(1UL, first.Seq);
        // The waiting frame took the freed slot at once: nothing that comes later gets in before it.
        Assert.False(queue.TryEnqueue(Frame(0)));
        await waiting.WaitAsync(Timeout);
        Assert.Equal(3, Volatile.Read(ref added));
        Assert.Equal([2UL, 3UL], DrainSeqs(queue));
    }

    [Fact]
    public async Task ACancelledEnqueueAsyncThrowsAndItsFrameIsNeverAdded()
    {
        var queue = new SendQueue(1);
        var added = 0;
        queue.OnAdded = () => Interlocked.Increment(ref added);
        Assert.True(queue.TryEnqueue(Frame(1)));
        using var cancel = new CancellationTokenSource();
        var waiting = queue.EnqueueAsync(Frame(2), cancel.Token).AsTask();
        var behind = queue.EnqueueAsync(Frame(3), CancellationToken.None).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Timeout));

        // The cancelled writer gives its turn to the next one.
        Assert.True(queue.TryDequeue(out _));
        await behind.WaitAsync(Timeout);
        Assert.Equal([3UL], DrainSeqs(queue));
        Assert.Equal(2, Volatile.Read(ref added));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.EnqueueAsync(Frame(4), cancel.Token).AsTask());
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task CompleteKeepsWhatIsQueuedForTheReaderAndRefusesEverythingAfter()
    {
        var queue = new SendQueue(2);
        Assert.True(queue.TryEnqueue(Frame(1)));
        Assert.True(queue.TryEnqueue(Frame(2)));
        var waiting = queue.EnqueueAsync(Frame(3), CancellationToken.None).AsTask();

        queue.Complete();

        await Assert.ThrowsAsync<ChannelClosedException>(() => waiting.WaitAsync(Timeout));
        Assert.False(queue.TryEnqueue(Frame(4)));
        await Assert.ThrowsAsync<ChannelClosedException>(() => queue.EnqueueAsync(Frame(5), CancellationToken.None).AsTask());
        Assert.False(queue.IsDrainedAndCompleted);

        Assert.True(await queue.WaitToReadAsync(CancellationToken.None));
        Assert.True(queue.TryDequeue(out var first));
        Assert.Equal(1UL, first.Seq);
        Assert.False(queue.IsDrainedAndCompleted);
        Assert.True(queue.TryDequeue(out var second));
        Assert.Equal(2UL, second.Seq);
        Assert.True(queue.IsDrainedAndCompleted);
        Assert.False(await queue.WaitToReadAsync(CancellationToken.None));
        Assert.False(queue.TryDequeue(out _));
    }

    [Fact]
    public async Task AWaitingReaderIsWokenByAFrameAndByTheEnd()
    {
        var queue = new SendQueue(4);
        var wait = queue.WaitToReadAsync(CancellationToken.None).AsTask();
        Assert.False(wait.IsCompleted);
        Assert.True(queue.TryEnqueue(Frame(1)));
        Assert.True(await wait.WaitAsync(Timeout));
        Assert.True(queue.TryDequeue(out _));

        wait = queue.WaitToReadAsync(CancellationToken.None).AsTask();
        Assert.False(wait.IsCompleted);
        queue.Complete();
        Assert.False(await wait.WaitAsync(Timeout));
    }

    [Fact]
    public async Task CancelledReadWaitsLeaveTheQueueWorking()
    {
        var queue = new SendQueue(4);
        // What the SSE transport does: wait with a heartbeat timeout, many times over on a quiet connection.
        for (var beat = 0; beat < 1_000; beat++)
        {
            using var heartbeat = new CancellationTokenSource();
            var wait = queue.WaitToReadAsync(heartbeat.Token).AsTask();
            await heartbeat.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Timeout));
        }

        using (var cancelled = new CancellationTokenSource())
        {
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.WaitToReadAsync(cancelled.Token).AsTask());
        }

        using var last = new CancellationTokenSource(Timeout);
        var woken = queue.WaitToReadAsync(last.Token).AsTask();
        Assert.True(queue.TryEnqueue(Frame(1)));
        Assert.True(await woken.WaitAsync(Timeout));
        Assert.Equal([1UL], DrainSeqs(queue));
    }

    [Fact]
    public async Task OnAddedIsCalledAfterEachAdditionAndAfterCompleteOnly()
    {
        var queue = new SendQueue(2);
        var counts = new List<int>();
        queue.OnAdded = () =>
        {
            lock (counts)
            {
                // Called after the addition: the frame is already there to be sent.
                counts.Add(queue.Count);
            }
        };

        Assert.True(queue.TryEnqueue(Frame(1)));
        await queue.EnqueueAsync(Frame(2), CancellationToken.None);
        Assert.False(queue.TryEnqueue(Frame(0)));
        var waiting = queue.EnqueueAsync(Frame(3), CancellationToken.None).AsTask();
        Assert.Equal([1, 2], Snapshot());

        Assert.True(queue.TryDequeue(out _));
        await waiting.WaitAsync(Timeout);
        Assert.Equal([1, 2, 2], Snapshot());

        queue.Complete();
        Assert.False(queue.TryEnqueue(Frame(0)));
        Assert.Equal([1, 2, 2, 2], Snapshot());

        int[] Snapshot()
        {
            lock (counts)
            {
                return [.. counts];
            }
        }
    }

    [Fact]
    public async Task ConcurrentWritersAndOneReaderLoseNothingAndKeepEachWritersOrder()
    {
        const int Writers = 4;
        const int PerWriter = 10_000;
        var queue = new SendQueue(64);
        var received = new List<ulong>[Writers];
        for (var writer = 0; writer < Writers; writer++)
        {
            received[writer] = [];
        }

        var reading = Task.Run(async () =>
        {
            while (await queue.WaitToReadAsync(CancellationToken.None))
            {
                while (queue.TryDequeue(out var frame))
                {
                    received[int.Parse(frame.Room!)].Add(frame.Seq);
                }
            }
        });

        // Half the writers never wait (and retry when refused, as a test of TryEnqueue under contention), half wait
        // for room: both ways of adding race with each other and with the reader.
        var writing = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var seq = 1UL; seq <= PerWriter; seq++)
            {
                var frame = new OutboundFrame(ServerFrameTypes.Message, [], writer.ToString(), seq);
                if (writer % 2 == 0)
                {
                    await queue.EnqueueAsync(frame, CancellationToken.None);
                }
                else
                {
                    while (!queue.TryEnqueue(frame))
                    {
                        Thread.Yield();
                    }
                }
            }
        })).ToArray();

        await Task.WhenAll(writing).WaitAsync(TimeSpan.FromSeconds(60));
        queue.Complete();
        await reading.WaitAsync(Timeout);

        Assert.True(queue.IsDrainedAndCompleted);
        foreach (var seqs in received)
        {
            Assert.Equal(Enumerable.Range(1, PerWriter).Select(seq => (ulong)seq), seqs);
        }
    }

    private static OutboundFrame Frame(ulong seq) => new(ServerFrameTypes.Message, [], "room", seq);

    private static List<ulong> DrainSeqs(SendQueue queue)
    {
        var seqs = new List<ulong>();
        while (queue.TryDequeue(out var frame))
        {
            seqs.Add(frame.Seq);
        }

        return seqs;
    }
}
