using System.Runtime.InteropServices;
using Ladder.ChatNode.Transport;

namespace Ladder.Tests.ChatNode;

public sealed class BoundedBlockPoolTests
{
    [Fact]
    public void PinsBlocksUpToItsBoundAndReusesThem()
    {
        using var pool = new BoundedBlockPool(maxPinnedBlocks: 2);
        var rented = Enumerable.Range(0, 3).Select(_ => pool.Rent()).ToList();
        var memories = rented.Select(block => block.Memory).ToList();

        rented.ForEach(block => block.Dispose());
        var pooledAfterReturn = pool.Pooled;
        var again = new[] { pool.Rent(), pool.Rent(), pool.Rent() };

        Assert.Equal(2, pool.Pinned);
        Assert.Equal(2, pooledAfterReturn);
        Assert.Equal(0, pool.Pooled);
        Assert.True(again[0].Memory.Equals(memories[0]) && again[1].Memory.Equals(memories[1]));
        // The one past the bound is an ordinary array, not kept: a new one comes next time.
        Assert.DoesNotContain(memories, memory => memory.Equals(again[2].Memory));
        Assert.All(again, block => Assert.Equal(BoundedBlockPool.BlockSize, block.Memory.Length));
    }

    [Fact]
    public void BlocksPastTheBoundAreNotPinned()
    {
        using var pool = new BoundedBlockPool(maxPinnedBlocks: 1);
        var first = pool.Rent();
        var second = pool.Rent();

        Assert.True(MemoryMarshal.TryGetArray<byte>(first.Memory, out var pinned));
        Assert.True(MemoryMarshal.TryGetArray<byte>(second.Memory, out var ordinary));
        // A new ordinary array starts in gen0; the pinned object heap counts as the oldest generation.
        Assert.Equal(0, GC.GetGeneration(ordinary.Array!));
        Assert.NotEqual(0, GC.GetGeneration(pinned.Array!));
        Assert.Equal(1, pool.Pinned);
        second.Dispose();
        Assert.Equal(0, pool.Pooled);
    }

    [Fact]
    public void ABoundOfZeroPinsNothing()
    {
        using var pool = new BoundedBlockPool(maxPinnedBlocks: 0);
        var block = pool.Rent();

        block.Dispose();

        Assert.Equal(0, pool.Pinned);
        Assert.Equal(0, pool.Pooled);
        Assert.Equal(BoundedBlockPool.BlockSize, pool.Rent().Memory.Length);
    }

    [Fact]
    public void RefusesMoreThanABlock()
    {
        using var pool = new BoundedBlockPool(maxPinnedBlocks: 4);

        Assert.Equal(BoundedBlockPool.BlockSize, pool.Rent(BoundedBlockPool.BlockSize).Memory.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(BoundedBlockPool.BlockSize + 1));
    }
}
