using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Ladder.ChatNode.Transport;

/// <summary>
/// A Kestrel connection's transport pipes as the stream a WebSocket is made on. Disposing it only wakes a pending
/// read or flush: the connection itself is closed by Kestrel once the connection middleware returns.
/// </summary>
internal sealed class PipeConnectionStream(IDuplexPipe transport) : ConnectionStream
{
    /// <summary>A zero-byte read waits for data without taking any (the WebSocket's idle wait holds no buffer).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        var result = await transport.Input.ReadAsync(cancellationToken);
        var buffer = result.Buffer;
        var count = (int)Math.Min(buffer.Length, destination.Length);
        buffer.Slice(0, count).CopyTo(destination.Span);
        transport.Input.AdvanceTo(buffer.GetPosition(count));
        if (result.IsCanceled && count == 0)
        {
            throw new OperationCanceledException("the connection's stream was disposed");
        }

        return count;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        var flush = transport.Output.WriteAsync(source, cancellationToken);
        if (flush.IsCompletedSuccessfully)
        {
            ThrowIfCanceled(flush.Result);
            return default;
        }

        return AwaitFlush(flush);
    }

    public override async Task FlushAsync(CancellationToken cancellationToken) =>
        ThrowIfCanceled(await transport.Output.FlushAsync(cancellationToken));

    public override void Flush() => throw new NotSupportedException("asynchronous only");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            transport.Input.CancelPendingRead();
            transport.Output.CancelPendingFlush();
        }

        base.Dispose(disposing);
    }

    private static async ValueTask AwaitFlush(ValueTask<FlushResult> flush) => ThrowIfCanceled(await flush);

    private static void ThrowIfCanceled(FlushResult result)
    {
        if (result.IsCanceled)
        {
            throw new OperationCanceledException("the connection's stream was disposed");
        }
    }
}
