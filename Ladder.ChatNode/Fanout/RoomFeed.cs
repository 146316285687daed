using Ladder.ChatNode.Rooms;
using Ladder.Contracts.Log;

namespace Ladder.ChatNode.Fanout;

/// <summary>
/// The fan-out following one <see cref="LocalRoom"/>: a core subscription to the room's live subject, and the room's
/// <see cref="RoomSequence"/> once its starting position is known.
/// </summary>
internal sealed class RoomFeed(LocalRoom room)
{
    private readonly CancellationTokenSource closing = new();
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RoomSequence? sequence;

    public LocalRoom Room => room;

    /// <summary>The room's log subject, what the decoder reads the room from.</summary>
    public string LogSubject { get; } = NatsSubjects.Room(room.Name);

    /// <summary>Completes when the fan-out routes the room's entries from <see cref="Sequence"/> on.</summary>
    public Task Started => started.Task;

    /// <summary>Set by the fan-out loop before <see cref="Started"/> completes.</summary>
    public RoomSequence Sequence => sequence ?? throw new InvalidOperationException("the feed has not started");

    public bool IsStarted => Volatile.Read(ref sequence) is not null;

    /// <summary>Cancelled when the room closed: the subscription ends, and the loop drops what it still holds of it.</summary>
    public CancellationToken Closing => closing.Token;

    public bool IsClosed => closing.IsCancellationRequested;

    /// <summary>Called by the fan-out loop only.</summary>
    public void Begin(ulong head)
    {
        Volatile.Write(ref sequence, new RoomSequence(head));
        started.TrySetResult();
    }

    public void Close()
    {
        closing.Cancel();
        started.TrySetCanceled(closing.Token);
    }
}
