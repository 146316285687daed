using System.ComponentModel.DataAnnotations;

namespace Ladder.ChatNode.Transport;

/// <summary>How the node holds its sockets: the direct upgrade, Kestrel's scheduling and pools, connection caps and
/// the idle heap trim. Bound from the same <c>Chat</c> section as the chat limits (<c>Chat:DirectWebSocketUpgrade</c>
/// and so on), so settings keep their names whichever record reads them.</summary>
internal sealed record TransportOptions
{
    public const string Section = "Chat";

    /// <summary>Kestrel's <c>UnsafePreferInlineScheduling</c>: socket work runs on the thread that triggers it.</summary>
    public bool InlineSocketScheduling { get; init; }

    /// <summary>Accept WebSocket upgrades on the bare connection, before Kestrel's HTTP/1.1 server keeps a request
    /// alive under each one (about half of an idle connection's memory); off, every upgrade goes through the
    /// <c>/ws</c> endpoint.</summary>
    public bool DirectWebSocketUpgrade { get; init; } = true;

    /// <summary>Allocated bytes after which a quiet node compacts its heap and gives the free memory back (see
    /// <c>IdleMemoryTrimmer</c>); 0 never does.</summary>
    [Range(0, long.MaxValue)]
    public long IdleTrimAfterBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Most bytes allocated in one <see cref="IdleTrimCheck"/> for the node to count as quiet.</summary>
    [Range(0, long.MaxValue)]
    public long IdleTrimQuietBytes { get; init; } = 2L * 1024 * 1024;

    /// <summary>Fewest live frames delivered in one <see cref="IdleTrimCheck"/> for the node to count as busy.</summary>
    [Range(0, long.MaxValue)]
    public long IdleTrimQuietFrames { get; init; } = 100;

    /// <summary>How often the node looks whether it is quiet.</summary>
    public TimeSpan IdleTrimCheck { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Pinned 4 KiB socket buffers each of Kestrel's memory pools keeps for reuse; a burst that needs more
    /// gets ordinary arrays, which the GC compacts away after it.</summary>
    [Range(0, 1_000_000)]
    public int SocketBufferPinnedBlocks { get; init; } = 1024;

    /// <summary>How often an idle WebSocket gets a keep-alive frame (so proxies and NATs keep it open).</summary>
    public TimeSpan WebSocketKeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Kestrel's <c>MaxConcurrentConnections</c>: open TCP connections per node, WebSockets upgraded on the
    /// bare connection included; past it Kestrel closes new connections at once. Null: no limit.</summary>
    [Range(1, long.MaxValue)]
    public long? MaxConnectionsPerNode { get; init; } = 200_000;

    /// <summary>Kestrel's <c>MaxConcurrentUpgradedConnections</c>: WebSockets upgraded through the <c>/ws</c> endpoint
    /// (those upgraded on the bare connection count under <see cref="MaxConnectionsPerNode"/>). Null: no limit.</summary>
    [Range(1, long.MaxValue)]
    public long? MaxUpgradedConnectionsPerNode { get; init; } = 200_000;
}
