using System.Threading.Channels;
using Ladder.ChatNode.Protocol;

namespace Ladder.ChatNode.Connections;

/// <summary>
/// One connection's bounded queue of frames waiting for its socket. The fan-out only ever tries to add (it never
/// waits for a slow socket); answers to the client's own frames may wait for room.
/// </summary>
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

    /// <summary>False when the queue is full or closed.</summary>
    public bool TryEnqueue(OutboundFrame frame) => channel.Writer.TryWrite(frame);

    public ValueTask EnqueueAsync(OutboundFrame frame, CancellationToken cancellationToken) => channel.Writer.WriteAsync(frame, cancellationToken);

    /// <summary>Nothing more is added; the transport sends what is queued, then closes.</summary>
    public void Complete() => channel.Writer.TryComplete();
}
