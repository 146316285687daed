using System.Threading.Channels;
using Ladder.ChatNode.Protocol;

namespace Ladder.ChatNode.Connections;

/// <summary>
/// One connection's bounded queue of frames waiting for its socket. The fan-out only ever tries to add (it never
/// waits for a slow socket); answers to the client's own frames may wait for room.
/// </summary>
/// <remarks>
/// A transport either waits on <see cref="Reader"/> (SSE) or sets <see cref="OnAdded"/> and is called after every
/// addition and at completion (WebSocket): then nothing waits per idle connection, and the thread that adds a
/// frame can write it out itself instead of waking another one.
/// </remarks>
public sealed class SendQueue(int capacity)
{
    private readonly Channel<OutboundFrame> channel = Channel.CreateBounded<OutboundFrame>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        SingleWriter = false,
        FullMode = BoundedChannelFullMode.Wait,
        AllowSynchronousContinuations = false,
    });

    public int Capacity => capacity;

    public int Count => channel.Reader.Count;

    public ChannelReader<OutboundFrame> Reader => channel.Reader;

    /// <summary>Called after a frame was added and after <see cref="Complete"/>; set once, before the first frame.</summary>
    public Action? OnAdded { get; set; }

    /// <summary>True once completed and everything queued was taken.</summary>
    public bool IsDrainedAndCompleted => channel.Reader.Completion.IsCompleted;

    /// <summary>False when the queue is full or closed.</summary>
    public bool TryEnqueue(OutboundFrame frame)
    {
        if (!channel.Writer.TryWrite(frame))
        {
            return false;
        }

        OnAdded?.Invoke();
        return true;
    }

    public ValueTask EnqueueAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        var write = channel.Writer.WriteAsync(frame, cancellationToken);
        if (write.IsCompletedSuccessfully)
        {
            OnAdded?.Invoke();
            return default;
        }

        return NotifyAfter(write);
    }

    /// <summary>Nothing more is added; the transport sends what is queued, then closes.</summary>
    public void Complete()
    {
        channel.Writer.TryComplete();
        OnAdded?.Invoke();
    }

    private async ValueTask NotifyAfter(ValueTask write)
    {
        await write;
        OnAdded?.Invoke();
    }
}
