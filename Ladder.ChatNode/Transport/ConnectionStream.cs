namespace Ladder.ChatNode.Transport;

/// <summary>
/// The part every stream a WebSocket is made on shares here: a connection is read and written asynchronously, in
/// order, never seeked. The synchronous members throw, so a blocking call on a thread-pool thread shows up at once.
/// </summary>
internal abstract class ConnectionStream : Stream
{
    public sealed override bool CanRead => true;

    public sealed override bool CanWrite => true;

    public sealed override bool CanSeek => false;

    public sealed override long Length => throw new NotSupportedException();

    public sealed override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public sealed override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("asynchronous only");

    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("asynchronous only");

    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public sealed override void SetLength(long value) => throw new NotSupportedException();

    public sealed override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public sealed override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
}
