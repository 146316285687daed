using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Ladder.ChatNode.Connections;

/// <summary>
/// The 4 KiB socket buffers Kestrel reads and writes through, pooled up to <c>maxPooledBlocks</c>: Kestrel's own pool
/// keeps every block its busiest moment needed and, under steady traffic, gives back 1 % of them per 10 s, so the
/// peak of a connect storm stayed in a node's memory (about 4.5 KiB per idle connection after 5,000 connects). Blocks
/// returned beyond the bound are left to the GC.
/// </summary>
public sealed class BoundedBlockPool(int maxPooledBlocks) : MemoryPool<byte>
{
    public const int BlockSize = 4096;

    private readonly ConcurrentQueue<Block> blocks = new();
    private int pooled;
    private volatile bool disposed;

    public override int MaxBufferSize => BlockSize;

    /// <summary>Blocks waiting in the pool (for tests and diagnostics).</summary>
    public int Pooled => Volatile.Read(ref pooled);

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (blocks.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref pooled);
            return block;
        }

        return new Block(this);
    }

    protected override void Dispose(bool disposing)
    {
        disposed = true;
        blocks.Clear();
    }

    private void Return(Block block)
    {
        if (disposed)
        {
            return;
        }

        if (Interlocked.Increment(ref pooled) <= maxPooledBlocks)
        {
            blocks.Enqueue(block);
        }
        else
        {
            Interlocked.Decrement(ref pooled);
        }
    }

    private sealed class Block : IMemoryOwner<byte>
    {
        private readonly BoundedBlockPool pool;

        public Block(BoundedBlockPool pool)
        {
            this.pool = pool;
            // Pinned once, in the pinned object heap: socket operations then need no GC handle per call.
            Memory = MemoryMarshal.CreateFromPinnedArray(GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true), 0, BlockSize);
        }

        public Memory<byte> Memory { get; }

        public void Dispose() => pool.Return(this);
    }
}
