namespace Ladder.ChatNode.Transport;

/// <summary>
/// The upgraded connection as <see cref="System.Net.WebSockets.ManagedWebSocket"/> sees it, with one write lock
/// shared by it (pongs, keep-alives, the close frame) and <see cref="WebSocketFrameWriter"/> (batches of data frames
/// written straight to the connection): two writers on one stream must never interleave their bytes.
/// </summary>
internal sealed class SharedWriteStream(Stream inner) : ConnectionStream
{
    private readonly SemaphoreSlim writeLock = new(1, 1);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Uncontended (the usual case) and the write completes at once: no allocation, no await.
        if (writeLock.Wait(0))
        {
            ValueTask write;
            try
            {
                write = inner.WriteAsync(buffer, cancellationToken);
            }
            catch
            {
                writeLock.Release();
                throw;
            }

            if (write.IsCompletedSuccessfully)
            {
                writeLock.Release();
                return default;
            }

            return ReleaseAfter(write);
        }

        return WriteLockedAsync(buffer, cancellationToken);
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    private async ValueTask ReleaseAfter(ValueTask write)
    {
        try
        {
            await write;
        }
        finally
        {
            writeLock.Release();
        }
    }

    private async ValueTask WriteLockedAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        await writeLock.WaitAsync(cancellationToken);
        try
        {
            await inner.WriteAsync(buffer, cancellationToken);
        }
        finally
        {
            writeLock.Release();
        }
    }
}
