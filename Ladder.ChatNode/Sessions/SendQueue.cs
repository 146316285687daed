using System.Threading.Channels;
using Ladder.ChatNode.Protocol;

namespace Ladder.ChatNode.Sessions;

/// <summary>
/// One connection's bounded queue of frames waiting for its socket. The fan-out only ever tries to add (it never
/// waits for a slow socket); answers to the client's own frames may wait for room. Any number of writers, one reader.
/// </summary>
/// <remarks>
/// A transport either waits with <see cref="WaitToReadAsync"/> (SSE) or sets <see cref="OnAdded"/> and is called
/// after every addition and at completion (WebSocket): then nothing waits per idle connection, and the thread that
/// adds a frame can write it out itself instead of waking another one.
/// <para>
/// Every connection has one, so an idle queue is this object and at most a ring of four frames: the ring is created
/// at the first frame, and one that a burst (a join's replay) made grow is dropped once drained. The queue is its
/// own lock (a monitor costs nothing until contended; nothing else locks a queue). Whatever waits is allocated only
/// while it waits, and is woken with <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>, so no
/// caller's code runs under the lock.
/// </para>
/// </remarks>
internal sealed class SendQueue(int capacity)
{
    /// <summary>The ring a queue keeps while it is quiet: enough for the frames that trickle in one at a time.</summary>
    private const int QuietLength = 4;

    private OutboundFrame?[] ring = [];
    private int head;
    private int count;
    private bool completed;

    /// <summary>The single reader's pending wait, kept across cancelled waits until a frame or the end comes.</summary>
    private TaskCompletionSource<bool>? readWaiter;

    /// <summary>Writers waiting for room, oldest first: there are some only while the queue is full.</summary>
    private Queue<BlockedWrite>? blockedWrites;

    public int Capacity => capacity;

    public int Count
    {
        get
        {
            // Under the lock, not a plain read: the WebSocket sender relies on this being a full fence.
            lock (this)
            {
                return count;
            }
        }
    }

    /// <summary>Called after a frame was added and after <see cref="Complete"/>; set once, before the first frame.</summary>
    public Action? OnAdded { get; set; }

    /// <summary>True once completed and everything queued was taken.</summary>
    public bool IsDrainedAndCompleted
    {
        get
        {
            lock (this)
            {
                return completed && count == 0;
            }
        }
    }

    /// <summary>False when the queue is full or completed.</summary>
    public bool TryEnqueue(OutboundFrame frame)
    {
        TaskCompletionSource<bool>? reader;
        lock (this)
        {
            if (completed || count == capacity)
            {
                return false;
            }

            Add(frame);
            reader = TakeReadWaiter();
        }

        reader?.TrySetResult(true);
        OnAdded?.Invoke();
        return true;
    }

    /// <summary>Adds a frame, waiting for room while the queue is full; frames that wait go in the order they came.</summary>
    /// <exception cref="OperationCanceledException">Cancelled before the frame was added; it never will be.</exception>
    /// <exception cref="ChannelClosedException">The queue was completed before the frame was added.</exception>
    public ValueTask EnqueueAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        TaskCompletionSource<bool>? reader = null;
        BlockedWrite? blocked = null;
        lock (this)
        {
            if (completed)
            {
                return ValueTask.FromException(new ChannelClosedException());
            }

            if (count == capacity)
            {
                blocked = new BlockedWrite(this, frame);
                (blockedWrites ??= new()).Enqueue(blocked);
            }
            else
            {
                Add(frame);
                reader = TakeReadWaiter();
            }
        }

        if (blocked is not null)
        {
            return WaitForRoomAsync(blocked, cancellationToken);
        }

        reader?.TrySetResult(true);
        OnAdded?.Invoke();
        return default;
    }

    /// <summary>Takes the oldest frame (the single reader only).</summary>
    public bool TryDequeue(out OutboundFrame frame)
    {
        lock (this)
        {
            if (count == 0)
            {
                frame = null!;
                return false;
            }

            frame = ring[head]!;
            ring[head] = null;
            head = head + 1 == ring.Length ? 0 : head + 1;
            count--;
            HandOverToBlockedWrite();
            if (count == 0)
            {
                head = 0;
                if (ring.Length > QuietLength)
                {
                    ring = [];
                }
            }

            return true;
        }
    }

    /// <summary>Looks at the oldest frame without taking it (the single reader only).</summary>
    public bool TryPeek(out OutboundFrame frame)
    {
        lock (this)
        {
            frame = count > 0 ? ring[head]! : null!;
            return count > 0;
        }
    }

    /// <summary>
    /// True once a frame can be taken, false once the queue is completed and empty (the single reader only).
    /// A cancelled wait throws <see cref="OperationCanceledException"/> and leaves the queue as it was.
    /// </summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        Task<bool> wait;
        lock (this)
        {
            if (count > 0 || completed)
            {
                return new(count > 0);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<bool>(cancellationToken);
            }

            wait = (readWaiter ??= new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        // WaitAsync unregisters from the token and from the wait when either ends, so a reader that wakes up every
        // few seconds to send a heartbeat keeps one pending wait, not one per heartbeat.
        return new(cancellationToken.CanBeCanceled ? wait.WaitAsync(cancellationToken) : wait);
    }

    /// <summary>Nothing more is added; the transport sends what is queued, then closes. Writers still waiting fail.</summary>
    public void Complete()
    {
        TaskCompletionSource<bool>? reader;
        Queue<BlockedWrite>? refused;
        bool hasFrames;
        lock (this)
        {
            completed = true;
            hasFrames = count > 0;
            reader = TakeReadWaiter();
            refused = blockedWrites;
            blockedWrites = null;
        }

        reader?.TrySetResult(hasFrames);
        if (refused is not null)
        {
            foreach (var blocked in refused)
            {
                // Outside the lock: no read can hand these over any more. A cancellation may still come first; either
                // way the frame is not added and the writer gets an exception it expects.
                blocked.TrySetException(new ChannelClosedException());
            }
        }

        OnAdded?.Invoke();
    }

    private void Add(OutboundFrame frame)
    {
        if (count == ring.Length)
        {
            Grow();
        }

        var tail = head + count;
        ring[tail < ring.Length ? tail : tail - ring.Length] = frame;
        count++;
    }

    private void Grow()
    {
        var grown = new OutboundFrame?[Math.Min(Math.Max(ring.Length * 2, QuietLength), capacity)];
        var firstPart = Math.Min(count, ring.Length - head);
        Array.Copy(ring, head, grown, 0, firstPart);
        Array.Copy(ring, 0, grown, firstPart, count - firstPart);
        ring = grown;
        head = 0;
    }

    /// <summary>Fills the slot a read just freed with the oldest waiting writer's frame, so a writer that waited is
    /// not overtaken by one that came later.</summary>
    private void HandOverToBlockedWrite()
    {
        if (blockedWrites is null)
        {
            return;
        }

        while (blockedWrites.TryDequeue(out var blocked))
        {
            // Setting the result here, under the lock, is what makes it exclusive with cancellation (which also
            // takes the lock); the writer's continuation runs later on the thread pool.
            if (blocked.TrySetResult())
            {
                Add(blocked.Frame);
                break;
            }
        }

        if (blockedWrites.Count == 0)
        {
            blockedWrites = null;
        }
    }

    private TaskCompletionSource<bool>? TakeReadWaiter()
    {
        var reader = readWaiter;
        readWaiter = null;
        return reader;
    }

    private async ValueTask WaitForRoomAsync(BlockedWrite blocked, CancellationToken cancellationToken)
    {
        using (cancellationToken.UnsafeRegister(static (state, token) => ((BlockedWrite)state!).Cancel(token), blocked))
        {
            await blocked.Task;
        }

        OnAdded?.Invoke();
    }

    /// <summary>A writer waiting for room, with the frame it adds once there is some.</summary>
    private sealed class BlockedWrite(SendQueue queue, OutboundFrame frame) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public OutboundFrame Frame => frame;

        public void Cancel(CancellationToken token)
        {
            // A cancelled writer stays in the queue of writers until a read or the completion passes over it.
            lock (queue)
            {
                TrySetCanceled(token);
            }
        }
    }
}
