namespace Ladder.Client;

/// <summary>Settings of a <see cref="LadderClient"/>. Every limit has a default that suits an interactive client.</summary>
public sealed record LadderClientOptions
{
    /// <summary>Base HTTP addresses of the chat nodes (e.g. <c>http://127.0.0.1:5101</c>), tried in order on failure.</summary>
    public required IReadOnlyList<Uri> Nodes { get; init; }

    /// <summary>Called before every connection attempt, and before the current token expires (see
    /// <see cref="TokenRefreshMargin"/>); must return a currently valid token, a fresh one once the last is close to
    /// its expiry.</summary>
    public required Func<CancellationToken, ValueTask<string>> TokenProvider { get; init; }

    /// <summary>Grant tokens from the app's backend (protocol v1.1): asked for a namespaced room (<c>ns:rest</c>, not
    /// <c>dm:</c>) before its <c>join</c>, before the <c>hello</c> that resumes it after a reconnect, and before a
    /// <c>history</c> request of it; null (or a null answer) sends none. A provider that throws is logged and the
    /// frame goes without a grant (the node then refuses a room that needs one with <c>forbidden</c>).</summary>
    public Func<string, CancellationToken, ValueTask<string?>>? GrantProvider { get; init; }

    /// <summary>How long before the connection token's <c>exp</c> (read from the JWT, not validated) the client asks
    /// <see cref="TokenProvider"/> for a new one and sends it in a <c>refresh</c> frame, keeping the session; at most
    /// a fifth of the remaining lifetime for short tokens. <see cref="TimeSpan.Zero"/> turns refresh off: the node
    /// then closes with 4001 at expiry and the client reconnects with a new token.</summary>
    public TimeSpan TokenRefreshMargin { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Base of the exponential reconnect backoff, and the jitter window after a drop (used by the default
    /// <see cref="RetryPolicy"/> and for retried sends).</summary>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of the reconnect backoff.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>When to reconnect and when to give up; null: <see cref="ExponentialRetryPolicy"/> over
    /// <see cref="ReconnectMinDelay"/> and <see cref="ReconnectMaxDelay"/>, never giving up. The first connect does
    /// not retry on a 401, a 403 or a failing <see cref="TokenProvider"/>: <c>ConnectAsync</c> fails instead.</summary>
    public ILadderRetryPolicy? RetryPolicy { get; init; }

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

    /// <summary>The server's text limit in UTF-16 code units: a longer text is refused locally with <c>too_large</c>.</summary>
    public int MaxTextLength { get; init; } = 4096;

    /// <summary>Initial receive buffer; it grows for bigger frames up to <see cref="MaxReceiveFrameBytes"/>.</summary>
    public int ReceiveBufferBytes { get; init; } = 8 * 1024;

    /// <summary>Largest server frame accepted; a bigger one drops the connection (as a broken one) instead of
    /// growing the buffer without bound.</summary>
    public int MaxReceiveFrameBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Frames queued for the socket at most; beyond it the connection cannot keep up and is dropped and
    /// resumed (the outbox survives). Typing signals beyond it are simply not sent.</summary>
    public int OutgoingQueueCapacity { get; init; } = 4096;

    /// <summary>Events queued for <see cref="LadderClient.On{T}"/> handlers at most; beyond it the receive loop waits
    /// for them (backpressure up to the server, which may close a slow consumer with 4008 — then the client resumes).</summary>
    public int HandlerQueueCapacity { get; init; } = 10_000;

    /// <summary>How long <c>DisposeAsync</c> waits for unacknowledged sends to be acknowledged before closing.</summary>
    public TimeSpan DisposeFlushTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many deletions per room are remembered to drop replayed duplicates of <c>deleted</c>.</summary>
    public int DeletedMemoryPerRoom { get; init; } = 1024;

    /// <summary>Prefix of generated clientMsgIds; random per client when null.</summary>
    public string? ClientMsgIdPrefix { get; init; }

    /// <summary>Receives exceptions thrown by event handlers (synchronous ones and the tasks of
    /// <see cref="LadderClient.On{T}"/> handlers), which never stop the receive loop. They are also logged.</summary>
    public Action<Exception>? OnHandlerException { get; init; }

    /// <summary>Where the client logs connections, reconnects and handler failures; none when null.</summary>
    public Microsoft.Extensions.Logging.ILogger? Logger { get; init; }
}
