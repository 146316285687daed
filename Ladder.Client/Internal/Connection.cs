using System.Net.WebSockets;
using System.Threading.Channels;
using Ladder.Contracts.Wire;

namespace Ladder.Client.Internal;

/// <summary>One WebSocket and its single writer: ClientWebSocket allows one send at a time, and a queue keeps
/// callers from waiting on the socket.</summary>
internal sealed class Connection(ClientWebSocket socket, long id, Uri node, int outgoingCapacity, string token)
{
    private readonly Channel<byte[]> _outgoing = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(outgoingCapacity) { SingleReader = true, AllowSynchronousContinuations = false, FullMode = BoundedChannelFullMode.Wait });

    private volatile bool _welcomed;

    private long _lastReceived = Environment.TickCount64;

    public long Id { get; } = id;

    public Uri Node { get; } = node;

    public ClientWebSocket Socket { get; } = socket;

    /// <summary>The token the session runs on: the one it connected with, then the last one refreshed.</summary>
    public string Token { get; set; } = token;

    /// <summary>The <c>refreshed</c> awaited for a <c>refresh</c> in flight; set by the refresh loop only.</summary>
    public TaskCompletionSource<RefreshedFrame>? PendingRefresh { get; set; }

    public long MillisecondsSinceLastReceive => Environment.TickCount64 - Interlocked.Read(ref _lastReceived);

    public void MarkReceived() => Interlocked.Exchange(ref _lastReceived, Environment.TickCount64);

    /// <summary>Set as soon as <c>welcome</c> is handled, so that a connection that breaks later counts as a drop of a
    /// working connection, whatever exception ends it.</summary>
    public bool Welcomed
    {
        get => _welcomed;
        set => _welcomed = value;
    }

    /// <summary>Queues a frame the protocol state depends on. A full queue means the socket cannot keep up: the
    /// connection is aborted and the client resumes, rebuilding what it must send from its own state.</summary>
    public bool TryEnqueue(byte[] frame)
    {
        if (_outgoing.Writer.TryWrite(frame))
        {
            return true;
        }

        Socket.Abort();
        return false;
    }

    /// <summary>Queues a frame that may be lost (typing).</summary>
    public bool TryEnqueueOptional(byte[] frame) => _outgoing.Writer.TryWrite(frame);

    public void CompleteWrites() => _outgoing.Writer.TryComplete();

    public async Task RunWriterAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in _outgoing.Reader.ReadAllAsync(cancellationToken))
            {
                await Socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // A failed write means a dead connection: the receive loop sees the abort and the client resumes elsewhere.
            Socket.Abort();
        }
    }
}
