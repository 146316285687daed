using Ladder.ChatNode.Connections;

namespace Ladder.Tests.ChatNode;

public sealed class BoundedBlockPoolTests
{
    [Fact]
    public void KeepsReturnedBlocksUpToItsBoundAndReusesThem()
    {
        using var pool = new BoundedBlockPool(maxPooledBlocks: 2);
        var rented = Enumerable.Range(0, 3).Select(_ => pool.Rent()).ToList();
        var memories = rented.Select(block => block.Memory).ToList();

        rented.ForEach(block => block.Dispose());
        var pooledAfterReturn = pool.Pooled;
        var again = new[] { pool.Rent(), pool.Rent(), pool.Rent() };

        Assert.Equal(2, pooledAfterReturn);
        Assert.Equal(0, pool.Pooled);
        // The first two came back from the pool; the third is new (the one over the bound went to the GC).
        Assert.True(again[0].Memory.Equals(memories[0]) && again[1].Memory.Equals(memories[1]));
        Assert.DoesNotContain(memories, memory => memory.Equals(again[2].Memory));
    }

    [Fact]
    public void ABoundOfZeroPoolsNothing()
    {
        using var pool = new BoundedBlockPool(maxPooledBlocks: 0);
        var block = pool.Rent();

        block.Dispose();

        Assert.Equal(0, pool.Pooled);
        Assert.Equal(BoundedBlockPool.BlockSize, pool.Rent().Memory.Length);
    }

    [Fact]
    public void RefusesMoreThanABlock()
    {
        using var pool = new BoundedBlockPool(maxPooledBlocks: 4);

        Assert.Equal(BoundedBlockPool.BlockSize, pool.Rent(BoundedBlockPool.BlockSize).Memory.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(BoundedBlockPool.BlockSize + 1));
    }
}
