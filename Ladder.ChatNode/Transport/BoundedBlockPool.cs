using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Ladder.ChatNode.Transport;

/// <summary>
/// The 4 KiB socket buffers Kestrel reads and writes through. At most <c>maxPinnedBlocks</c> are pinned blocks, kept
/// for reuse; past that, a burst gets ordinary arrays that the GC collects and compacts once the burst is over.
/// Kestrel's own pool pins every block its busiest moment needed and, under steady traffic, gives back 1 % of them
/// per 10 s; a pinned block it drops leaves a hole the GC can never compact away. A presence storm during 5,000
/// connects had every connection hold a block at once, and the node kept them all (about 4.5 KiB per connection).
/// </summary>
internal sealed class BoundedBlockPool(int maxPinnedBlocks) : MemoryPool<byte>
{
    public const int BlockSize = 4096;

    private readonly ConcurrentQueue<Block> blocks = new();
    private int pinned;
    private volatile bool disposed;

    public override int MaxBufferSize => BlockSize;

    /// <summary>Pinned blocks made so far (they are never more than the bound).</summary>
    public int Pinned => Volatile.Read(ref pinned);

    /// <summary>Pinned blocks waiting in the pool.</summary>
    public int Pooled => blocks.Count;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (blocks.TryDequeue(out var block))
        {
            return block;
        }

        if (Interlocked.Increment(ref pinned) <= maxPinnedBlocks)
        {
            // Pinned once, in the pinned object heap: socket operations then need no GC handle per call.
            return new Block(this, MemoryMarshal.CreateFromPinnedArray(GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true), 0, BlockSize));
        }

        Interlocked.Decrement(ref pinned);
        return new Block(null, GC.AllocateUninitializedArray<byte>(BlockSize));
    }

    protected override void Dispose(bool disposing)
    {
        disposed = true;
        blocks.Clear();
    }

    /// <summary>A block of this pool (pinned, reused) or of nobody (an ordinary array, left to the GC).</summary>
    private sealed class Block(BoundedBlockPool? pool, Memory<byte> memory) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory => memory;

        public void Dispose()
        {
            if (pool is { disposed: false })
            {
                pool.blocks.Enqueue(this);
            }
        }
    }
}
