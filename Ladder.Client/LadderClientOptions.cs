namespace Ladder.Client;

/// <summary>Settings of a <see cref="LadderClient"/>. Every limit has a default that suits an interactive client.</summary>
public sealed record LadderClientOptions
{
    /// <summary>Base HTTP addresses of the chat nodes (e.g. <c>http://127.0.0.1:5101</c>), tried in order on failure.</summary>
    public required IReadOnlyList<Uri> Nodes { get; init; }

    /// <summary>Called before every connection attempt; must return a currently valid token.</summary>
    public required Func<CancellationToken, ValueTask<string>> TokenProvider { get; init; }

    /// <summary>Base of the exponential reconnect backoff, and the jitter window after a drop.</summary>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of the reconnect backoff.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for the upgrade and the <c>welcome</c> frame.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an application-level <c>ping</c> is sent; <see cref="TimeSpan.Zero"/> turns liveness checks off.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long past <see cref="PingInterval"/> a silent connection is kept before it is dropped and resumed.</summary>
    public TimeSpan PongTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Most unacknowledged sends held at once; <c>SendAsync</c> waits for room beyond it (backpressure).</summary>
    public int OutboxCapacity { get; init; } = 1000;

    /// <summary>The server's frame limit: a bigger frame is refused locally instead of getting the connection closed with 1009.</summary>
    public int MaxFrameBytes { get; init; } = 64 * 1024;

    /// <summary>Initial receive buffer; it grows for bigger frames.</summary>
    public int ReceiveBufferBytes { get; init; } = 8 * 1024;

    /// <summary>How many deletions per room are remembered to drop replayed duplicates of <c>deleted</c>.</summary>
    public int DeletedMemoryPerRoom { get; init; } = 1024;

    /// <summary>Prefix of generated clientMsgIds; random per client when null.</summary>
    public string? ClientMsgIdPrefix { get; init; }

    /// <summary>Receives exceptions thrown by event handlers, which never stop the receive loop.</summary>
    public Action<Exception>? OnHandlerException { get; init; }
}
