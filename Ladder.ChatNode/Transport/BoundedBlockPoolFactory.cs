using System.Buffers;
using Ladder.ChatNode.Configuration;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Transport;

/// <summary>Gives Kestrel (its socket transport and HTTP layer) <see cref="BoundedBlockPool"/>s instead of its own.</summary>
internal sealed class BoundedBlockPoolFactory(IOptions<TransportOptions> options) : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? poolOptions = null) => new BoundedBlockPool(options.Value.SocketBufferPinnedBlocks);
}
