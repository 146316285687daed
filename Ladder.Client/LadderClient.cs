using Ladder.Client.Internal;
using Ladder.Contracts.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ladder.Client;

/// <summary>
/// A protocol v1 client that survives drops: it reconnects by itself (exponential backoff with jitter, next node on
/// failure), resumes every room from its lastKnownId with <c>hello{resume}</c>, never surfaces a message twice (seq
/// dedupe), and resends unacknowledged sends with the same clientMsgId, so a send is neither lost nor doubled.
/// </summary>
/// <remarks>Events are raised on the receive loop, in the server's order; handlers should be quick.</remarks>
public sealed partial class LadderClient : IAsyncDisposable
{
    private readonly LadderClientOptions _options;
#if NET9_0_OR_GREATER
    private readonly Lock _gate = new();
#else
    private readonly object _gate = new();
#endif
    private readonly Dictionary<string, RoomState> _rooms = new(StringComparer.Ordinal);
    private readonly LinkedList<OutboxEntry> _outbox = new();
    private readonly Dictionary<(string Room, string ClientMsgId), OutboxEntry> _outboxByKey = [];
    private readonly List<PendingHistory> _pendingHistory = [];
    private readonly List<PendingLeave> _pendingLeaves = [];
    private readonly List<SentJoin> _sentJoins = [];
    private readonly ILogger _logger;
    private readonly ILadderRetryPolicy _retryPolicy;
    private readonly SemaphoreSlim _outboxSlots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _firstConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _clientMsgIdPrefix;
    private long _nextClientMsgId;
    private Connection? _connection;
    private Task? _run;
    private ConnectionState _state;
    private Exception? _stopReason;
    private bool _disposing;
    private long _writeOrder;

    /// <summary>Creates a client; nothing connects until <see cref="ConnectAsync"/>.</summary>
    /// <param name="options">Nodes, token provider and limits; at least one node.</param>
    /// <exception cref="ArgumentException">No node, or a capacity below 1.</exception>
    public LadderClient(LadderClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Nodes.Count == 0)
        {
            throw new ArgumentException("At least one node is needed.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.OutboxCapacity, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.OutgoingQueueCapacity, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HandlerQueueCapacity, 1, nameof(options));
        _options = options;
        _outboxSlots = new SemaphoreSlim(options.OutboxCapacity, options.OutboxCapacity);
        _clientMsgIdPrefix = options.ClientMsgIdPrefix ?? Guid.NewGuid().ToString("N")[..12];
        _logger = options.Logger ?? NullLogger.Instance;
        _retryPolicy = options.RetryPolicy ?? new ExponentialRetryPolicy(options.ReconnectMinDelay, options.ReconnectMaxDelay);
        _handlerLoop = Task.Run(RunHandlersAsync);
    }

    /// <summary>A message, replayed or live, at most once per (room, seq): one at or below the room's lastKnownId is
    /// dropped.</summary>
    public event EventHandler<MessageFrame>? MessageReceived;

    /// <summary>A moderator removed a message; hide it.</summary>
    public event EventHandler<DeletedFrame>? MessageDeleted;

    /// <summary>The online list of a room just joined, or one user who came or went.</summary>
    public event EventHandler<PresenceFrame>? PresenceChanged;

    /// <summary>Someone is typing in a joined room (best effort).</summary>
    public event EventHandler<TypingFrame>? TypingReceived;

    /// <summary>A join (or a resumed room) is confirmed; its replay follows.</summary>
    public event EventHandler<JoinedFrame>? Joined;

    /// <summary>The replay of a room is complete; what follows is live.</summary>
    public event EventHandler<SyncedFrame>? Synced;

    /// <summary>A resume skipped more than the server's maxReplay; page the gap with <see cref="HistoryAsync"/>.</summary>
    public event EventHandler<TruncatedFrame>? Truncated;

    /// <summary>Every <c>error</c> frame, including those that also fail an operation.</summary>
    public event EventHandler<ErrorFrame>? ErrorReceived;

    /// <summary>The connection state changed (see <see cref="ConnectionState"/>).</summary>
    public event EventHandler<ConnectionStateChangedEventArgs>? StateChanged;

    /// <summary>The current connection state.</summary>
    public ConnectionState State => _state;

    /// <summary>The <c>welcome</c> of the current (or last) connection.</summary>
    public WelcomeFrame? Welcome { get; private set; }

    /// <summary>The node of the current connection, null while disconnected.</summary>
    public Uri? CurrentNode => _connection?.Node;

    /// <summary>Sends not yet acknowledged.</summary>
    public int PendingSends
    {
        get
        {
            lock (_gate)
            {
                return _outbox.Count;
            }
        }
    }

    /// <summary>The highest seq seen in <paramref name="room"/>, or null when the room is not joined.</summary>
    public ulong? GetLastKnownId(string room)
    {
        lock (_gate)
        {
            return _rooms.TryGetValue(room, out var state) ? state.LastKnownId : null;
        }
    }

    /// <summary>Starts the connection loop and waits for the first <c>welcome</c>. Fails fast with a
    /// <see cref="LadderException"/> (code <c>unauthorized</c> or <c>forbidden</c>) when the node refuses the token
    /// (401, 403) or the token provider throws; other failures (a node down) are retried by the retry policy. The loop
    /// keeps retrying if this call is cancelled; dispose the client to stop it.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested || _state == ConnectionState.Stopped || _disposing)
            {
                // A first connect that failed says why again; otherwise the same error as every other call.
                if (!_firstConnected.Task.IsFaulted)
                {
                    throw Stopped();
                }
            }
            else
            {
                _run ??= Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
            }
        }

        await _firstConnected.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Joins a room; with <paramref name="lastKnownId"/>, everything after it is replayed first. Completes
    /// with the server's <c>joined</c>. The room stays joined across reconnects until <see cref="LeaveAsync"/>. A room
    /// of a namespace that needs a grant gets one from <see cref="LadderClientOptions.GrantProvider"/>, for the join
    /// and for every resume after a reconnect.</summary>
    /// <exception cref="LadderException">The node refused the room: <c>invalid_room</c>, or <c>forbidden</c> with
    /// its <see cref="LadderException.Reason"/> (<c>grant_required</c>, <c>invalid_grant</c>,
    /// <c>not_a_participant</c>…). A refusal is not retried; the room is given up.</exception>
    public Task<JoinedFrame> JoinAsync(string room, ulong? lastKnownId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<JoinedFrame>(cancellationToken);
        }

        var waiter = new TaskCompletionSource<JoinedFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        Connection? connection;
        Connection? joinWithGrant = null;
        lock (_gate)
        {
            ThrowIfStopped();
            if (_rooms.TryGetValue(room, out var state))
            {
                if (state.JoinedOn != 0 && state.JoinedOn == _connection?.Id)
                {
                    return Task.FromResult(new JoinedFrame(room, state.LastKnownId ?? 0));
                }

                // Its join is in flight already (or will be sent on the next welcome).
                state.JoinWaiters.Add(waiter);
            }
            else
            {
                state = new RoomState(room, lastKnownId);
                _rooms.Add(room, state);
                state.JoinWaiters.Add(waiter);
                connection = _connection;
                if (connection is not null && !NeedsGrant(room))
                {
                    WriteJoin(connection, room, state.LastKnownId, grant: null);
                }
                else
                {
                    joinWithGrant = connection;
                }
            }
        }

        if (joinWithGrant is not null)
        {
            // Outside the lock: the app's provider may take its time, or call back into the client.
            _ = JoinWithGrantAsync(joinWithGrant, room);
        }

        return WaitForJoinAsync(room, waiter, cancellationToken);
    }

    private async Task<JoinedFrame> WaitForJoinAsync(string room, TaskCompletionSource<JoinedFrame> waiter, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return await waiter.Task;
        }

        await using (cancellationToken.Register(() => CancelJoin(room, waiter, cancellationToken)))
        {
            return await waiter.Task;
        }
    }

    /// <summary>A cancelled join leaves no membership: unless the room was joined before (or another caller still
    /// waits for it), it is given up and left, also when its <c>joined</c> is already on the way.</summary>
    private void CancelJoin(string room, TaskCompletionSource<JoinedFrame> waiter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (waiter.Task.IsCompleted || !_rooms.TryGetValue(room, out var state) || !state.JoinWaiters.Remove(waiter))
            {
                return;
            }

            if (state.JoinWaiters.Count == 0 && !state.EverJoined)
            {
                _rooms.Remove(room);
                if (_connection is { } connection)
                {
                    _pendingLeaves.Add(new PendingLeave(room));
                    connection.TryEnqueue(Serialize(new LeaveFrame(room), WireJsonContext.Default.LeaveFrame));
                }
            }
        }

        waiter.TrySetCanceled(cancellationToken);
    }

    /// <summary>Leaves a room: nothing of it is surfaced any more, and its unacknowledged sends fail.</summary>
    public async Task LeaveAsync(string room, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        PendingLeave? left = null;
        List<OutboxEntry> abandoned = [];
        lock (_gate)
        {
            if (!_rooms.Remove(room, out var state))
            {
                return;
            }

            foreach (var waiter in state.JoinWaiters)
            {
                waiter.TrySetException(new LadderException(ErrorCodes.NotJoined, $"Left {room} before the join completed."));
            }

            for (var node = _outbox.First; node is not null; node = node.Next)
            {
                if (node.Value.Room == room)
                {
                    abandoned.Add(node.Value);
                }
            }

            foreach (var entry in abandoned)
            {
                RemoveFromOutbox(entry);
            }

            // Also when the join is still in flight: the node would keep the membership otherwise.
            if (_connection is { } connection)
            {
                left = new PendingLeave(room);
                _pendingLeaves.Add(left);
                connection.TryEnqueue(Serialize(new LeaveFrame(room), WireJsonContext.Default.LeaveFrame));
            }
        }

        foreach (var entry in abandoned)
        {
            entry.Completion.TrySetException(new LadderException(ErrorCodes.NotJoined, $"Left {room} before the send was acknowledged."));
        }

        if (left is not null)
        {
            await left.Completion.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Posts a message and completes with its seq once the server acknowledged it as durably stored.
    /// Survives reconnects: the send is resent with the same clientMsgId until acknowledged.</summary>
    /// <remarks>Waits while the outbox is full. Cancelling abandons the wait; a send already written may still be stored.</remarks>
    public async Task<ulong> SendAsync(string room, string text, string? clientMsgId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new LadderException(ErrorCodes.BadFrame, "The text is empty or only white space.");
        }

        if (text.Length > _options.MaxTextLength)
        {
            throw new LadderException(ErrorCodes.TooLarge, $"The text is {text.Length} characters; the limit is {_options.MaxTextLength}.");
        }

        clientMsgId ??= _clientMsgIdPrefix + "-" + Interlocked.Increment(ref _nextClientMsgId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var frame = Serialize(new SendFrame(room, clientMsgId, text), WireJsonContext.Default.SendFrame);
        if (frame.Length > _options.MaxFrameBytes)
        {
            throw new LadderException(ErrorCodes.TooLarge, $"The send frame is {frame.Length} bytes; the frame limit is {_options.MaxFrameBytes}.");
        }

        if (!_outboxSlots.Wait(0))
        {
            // Backpressure: wait for an ack to free a slot, or for the client to stop.
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
            try
            {
                await _outboxSlots.WaitAsync(waiting.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw Stopped();
            }
        }

        var entry = new OutboxEntry(room, clientMsgId, frame);
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested || _state == ConnectionState.Stopped || _disposing)
            {
                _outboxSlots.Release();
                throw Stopped();
            }

            if (!_outboxByKey.TryAdd((room, clientMsgId), entry))
            {
                _outboxSlots.Release();
                throw new InvalidOperationException($"A send with clientMsgId {clientMsgId} to {room} is already pending.");
            }

            entry.Node = _outbox.AddLast(entry);
            if (_connection is { } connection && CanWrite(entry, connection))
            {
                Write(entry, connection);
            }
        }

        await using var registration = cancellationToken.Register(() => Abandon(entry));
        return await entry.Completion.Task;
    }

    /// <summary>Tells a joined room that this user is typing. Best effort: dropped while disconnected.</summary>
    public bool SendTyping(string room)
    {
        lock (_gate)
        {
            if (_connection is not { } connection || !_rooms.TryGetValue(room, out var state) || state.JoinedOn != connection.Id)
            {
                return false;
            }

            return connection.TryEnqueueOptional(Serialize(new TypingFrame(room), WireJsonContext.Default.TypingFrame));
        }
    }

    /// <summary>Drops the current connection as a network failure would (no close frame): the client reconnects by its
    /// retry policy and resumes every room, and the outbox is resent. For tests and "go offline" buttons; does nothing
    /// while disconnected.</summary>
    /// <returns>Whether a connection was dropped.</returns>
    public bool DropConnection()
    {
        Connection? connection;
        lock (_gate)
        {
            connection = _connection;
        }

        connection?.Socket.Abort();
        return connection is not null;
    }

    /// <summary>A page of older messages, newest first, with seq below <paramref name="before"/>. Needs no join;
    /// a request in flight during a drop is asked again after the reconnect. A room that needs a grant gets one from
    /// <see cref="LadderClientOptions.GrantProvider"/>.</summary>
    public Task<HistoryFrame> HistoryAsync(string room, ulong? before = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        if (limit is < 1 or > 200)
        {
            // Refused here rather than by the node: its error could not be told apart from another request's.
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "A history page holds 1 to 200 messages.");
        }

        return NeedsGrant(room)
            ? HistoryWithGrantAsync(room, before, limit, cancellationToken)
            : RequestHistory(room, before, limit, grant: null, cancellationToken);
    }

    private async Task<HistoryFrame> HistoryWithGrantAsync(string room, ulong? before, int? limit, CancellationToken cancellationToken)
    {
        ThrowIfStopped();
        var grant = await GetGrantAsync(room, cancellationToken);
        return await RequestHistory(room, before, limit, grant, cancellationToken);
    }

    private Task<HistoryFrame> RequestHistory(string room, ulong? before, int? limit, string? grant, CancellationToken cancellationToken)
    {
        var request = new PendingHistory(room, Serialize(new HistoryRequestFrame(room, before, limit, grant), WireJsonContext.Default.HistoryRequestFrame));
        lock (_gate)
        {
            ThrowIfStopped();
            _pendingHistory.Add(request);
            if (_connection is { } connection)
            {
                request.SentOn = connection.Id;
                connection.TryEnqueue(request.Frame);
            }
        }

        var registration = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                // Left in the list, the answer would be matched to the next request of the room.
                if (request.SentOn == 0)
                {
                    _pendingHistory.Remove(request);
                }
            }

            request.Completion.TrySetCanceled(cancellationToken);
        });
        _ = request.Completion.Task.ContinueWith(
            static (_, state) => ((CancellationTokenRegistration)state!).Dispose(),
            registration, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return request.Completion.Task;
    }

    /// <summary>Waits up to <see cref="LadderClientOptions.DisposeFlushTimeout"/> for the outbox to be acknowledged
    /// (new operations are refused meanwhile), then closes the connection normally (1000) and stops reconnecting.
    /// What is still pending then fails with <c>stopped</c>.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? run;
        Connection? connection;
        Task[] unacknowledged;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested || _disposing)
            {
                _handlerQueue.Writer.TryComplete();
                return;
            }

            _disposing = true;
            unacknowledged = [.. _outbox.Select(entry => (Task)entry.Completion.Task)];
        }

        if (unacknowledged.Length > 0 && _options.DisposeFlushTimeout > TimeSpan.Zero && _run is not null)
        {
            await Task.WhenAll(unacknowledged).WaitAsync(_options.DisposeFlushTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        lock (_gate)
        {
            _stopReason ??= new ObjectDisposedException(nameof(LadderClient));
            connection = _connection;
            run = _run;
        }

        if (connection is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                connection.CompleteWrites();
                await connection.Socket.CloseOutputAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception exception) when (exception is System.Net.WebSockets.WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // Closing is a courtesy; the server times out members it cannot reach anyway.
            }
        }

        await _stopping.CancelAsync();
        if (run is not null)
        {
            await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        Stop(_stopReason, closeCode: null);
        _handlerQueue.Writer.TryComplete();
        await _handlerLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static byte[] Serialize<T>(T frame, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.SerializeToUtf8Bytes(frame, typeInfo);

    /// <summary>A send is written once its room is joined on the connection (or at once when the room is not one of
    /// ours: the server then refuses it with not_joined, which fails it).</summary>
    private bool CanWrite(OutboxEntry entry, Connection connection) =>
        !_rooms.TryGetValue(entry.Room, out var room) || room.JoinedOn == connection.Id;

    /// <summary>Called under the lock.</summary>
    private void Write(OutboxEntry entry, Connection connection)
    {
        entry.SentOn = connection.Id;
        entry.WriteOrder = ++_writeOrder;
        connection.TryEnqueue(entry.Frame);
    }

    /// <summary>Called under the lock. A join again on the same connection needs no grant: the session keeps the
    /// one it was given.</summary>
    private void WriteJoin(Connection connection, string room, ulong? lastKnownId, string? grant = null)
    {
        _sentJoins.Add(new SentJoin(connection.Id, room));
        connection.TryEnqueue(Serialize(new JoinFrame(room, lastKnownId, grant), WireJsonContext.Default.JoinFrame));
    }

    private void Abandon(OutboxEntry entry)
    {
        lock (_gate)
        {
            RemoveFromOutbox(entry);
        }

        entry.Completion.TrySetCanceled();
    }

    /// <summary>Called under the lock.</summary>
    private void RemoveFromOutbox(OutboxEntry entry)
    {
        if (entry.Node is null)
        {
            return;
        }

        _outbox.Remove(entry.Node);
        entry.Node = null;
        _outboxByKey.Remove((entry.Room, entry.ClientMsgId));
        _outboxSlots.Release();
    }

    private void ThrowIfStopped()
    {
        if (_stopping.IsCancellationRequested || _state == ConnectionState.Stopped || _disposing)
        {
            throw Stopped();
        }
    }

    private LadderException Stopped() =>
        new(LadderException.StoppedCode, "The client has stopped: " + (_stopReason?.Message ?? "disposed"), _stopReason);
}
