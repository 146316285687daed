using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using Ladder.Client.Internal;
using Ladder.Contracts.Wire;

namespace Ladder.Client;

public sealed partial class LadderClient
{
    private long _connectionIds;

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await RunConnectionsAsync(stopping);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Whatever ended the loop must end the client too: pending sends and joins fail instead of hanging.
            ClientLog.LoopFailed(_logger, exception);
            Stop(new LadderException(LadderException.StoppedCode, "The connection loop failed: " + exception.Message, exception), null);
        }
    }

    private async Task RunConnectionsAsync(CancellationToken stopping)
    {
        var nodeIndex = 0;
        var retries = 0;
        var everConnected = false;
        var sinceWorking = System.Diagnostics.Stopwatch.StartNew();
        while (!stopping.IsCancellationRequested)
        {
            var node = _options.Nodes[nodeIndex];
            SetState(everConnected ? ConnectionState.Reconnecting : ConnectionState.Connecting, node, null, null);
            var outcome = await RunConnectionAsync(node, stopping);
            if (stopping.IsCancellationRequested)
            {
                break;
            }

            if (outcome.Terminal || (outcome.AuthFailure && !everConnected))
            {
                // A first connect with a bad token would fail the same way forever: say so to ConnectAsync.
                Stop(outcome.Error ?? new LadderException(ErrorCodes.Forbidden, $"Closed by the server with {outcome.CloseCode}."), outcome.CloseCode);
                return;
            }

            if (outcome.Welcomed)
            {
                everConnected = true;
                sinceWorking.Restart();
                // A drop of a working connection: the same node, soon (a restart or a 4008 keeps it usable).
                // A flood close (4029) backs off further each time it repeats.
                retries = outcome.CloseCode == CloseCodes.Flood ? retries + 1 : 0;
            }
            else
            {
                // The node failed to take us: the next one gets the next attempt.
                nodeIndex = (nodeIndex + 1) % _options.Nodes.Count;
                retries++;
            }

            var context = new LadderRetryContext(retries, sinceWorking.Elapsed, outcome.Error, outcome.CloseCode, outcome.Welcomed);
            var delay = outcome.Immediate ? TimeSpan.Zero : _retryPolicy.NextRetryDelay(context);
            if (delay is null)
            {
                Stop(new LadderException(LadderException.StoppedCode, "The retry policy gave up reconnecting.", outcome.Error), outcome.CloseCode);
                return;
            }

            ClientLog.Reconnecting(_logger, node, outcome.CloseCode, delay.Value.TotalMilliseconds, outcome.Error);
            SetState(ConnectionState.Reconnecting, node, outcome.CloseCode, outcome.Error);
            try
            {
                await Task.Delay(delay.Value, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task<ConnectionOutcome> RunConnectionAsync(Uri node, CancellationToken stopping)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        connectTimeout.CancelAfter(_options.ConnectTimeout);
        string token;
        try
        {
            // Asked before every attempt, so a 4001 or a 401 is followed by a fresh token.
            token = await _options.TokenProvider(connectTimeout.Token);
        }
        catch (OperationCanceledException) when (connectTimeout.IsCancellationRequested)
        {
            return ConnectionOutcome.Failed(null);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return new ConnectionOutcome(false, false, false, null,
                new LadderException(ErrorCodes.Unauthorized, "The token provider failed: " + exception.Message, exception), AuthFailure: true);
        }

        try
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
            await socket.ConnectAsync(WebSocketUri(node), connectTimeout.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return ConnectionOutcome.Failed(null);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // 403 is the origin check or a ban: retrying cannot help. 401: a later attempt has a fresh token, but a
            // first connect fails (the token source is wrong). Everything else: retry.
            return socket.HttpStatusCode switch
            {
                HttpStatusCode.Forbidden => new ConnectionOutcome(false, true, false, null,
                    new LadderException(ErrorCodes.Forbidden, $"{node} refused the upgrade (403).", exception), AuthFailure: true),
                HttpStatusCode.Unauthorized => new ConnectionOutcome(false, false, false, null,
                    new LadderException(ErrorCodes.Unauthorized, $"{node} refused the token (401).", exception), AuthFailure: true),
                _ => ConnectionOutcome.Failed(exception),
            };
        }

        var connection = new Connection(socket, Interlocked.Increment(ref _connectionIds), node, _options.OutgoingQueueCapacity, token);
        using var connectionEnd = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var writer = connection.RunWriterAsync(connectionEnd.Token);
        var keepAlive = KeepAliveAsync(connection, connectionEnd.Token);
        var refresher = RefreshTokenAsync(connection, connectionEnd.Token);
        try
        {
            await ReceiveAsync(connection, connectTimeout, stopping);
            var closeCode = (int?)socket.CloseStatus;
            if (socket.State == WebSocketState.CloseReceived)
            {
                await ReplyToCloseAsync(connection);
            }

            return closeCode switch
            {
                CloseCodes.Kicked or CloseCodes.PolicyViolation => new ConnectionOutcome(connection.Welcomed, true, false, closeCode, null),
                CloseCodes.TokenExpired => new ConnectionOutcome(connection.Welcomed, false, true, closeCode, null),
                _ => new ConnectionOutcome(connection.Welcomed, false, false, closeCode, null),
            };
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or JsonException or IOException)
        {
            // 1006: gone without a close frame (a killed node, a cut network, a silent connection we aborted). The
            // welcome flag lives on the connection, so a drop after it counts as a drop of a working connection.
            return new ConnectionOutcome(connection.Welcomed, false, false, null, exception);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A frame we could not make sense of, or a bug of ours: escaping would end the loop and leave every
            // pending send waiting forever. Dropped and resumed like a broken connection, and said loudly.
            ClientLog.ConnectionFailed(_logger, node, exception);
            return new ConnectionOutcome(connection.Welcomed, false, false, null, exception);
        }
        finally
        {
            lock (_gate)
            {
                if (ReferenceEquals(_connection, connection))
                {
                    _connection = null;
                }

                _sentJoins.RemoveAll(join => join.ConnectionId == connection.Id);
            }

            connection.CompleteWrites();
            await connectionEnd.CancelAsync();
            socket.Abort();
            await writer;
            await keepAlive;
            await refresher;
        }
    }

    /// <summary>Reads frames until the connection ends; <see cref="Connection.Welcomed"/> tells whether welcome arrived.</summary>
    private async Task ReceiveAsync(Connection connection, CancellationTokenSource welcomeTimeout, CancellationToken stopping)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_options.ReceiveBufferBytes);
        var welcomed = false;
        try
        {
            var socket = connection.Socket;
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        if (length >= _options.MaxReceiveFrameBytes)
                        {
                            ClientLog.Overloaded(_logger, connection.Node, $"a frame over {_options.MaxReceiveFrameBytes} bytes");
                            throw new WebSocketException($"A frame over {_options.MaxReceiveFrameBytes} bytes.");
                        }

                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), welcomed ? stopping : welcomeTimeout.Token);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                connection.MarkReceived();
                if (result.MessageType != WebSocketMessageType.Text)
                {
                    continue;
                }

                var frame = buffer.AsSpan(0, length);
                if (!welcomed)
                {
                    // welcome is the first frame the server sends; anything else first is not a Ladder node.
                    if (FrameTypeReader.Read(frame) != ServerFrameKind.Welcome)
                    {
                        throw new WebSocketException("The first frame was not welcome.");
                    }

                    welcomed = true;
                    var welcome = JsonSerializer.Deserialize(frame, WireJsonContext.Default.WelcomeFrame)!;
                    // Asked before the connection is ours, so the hello carries them; joins made meanwhile ask their own.
                    var grants = await GetResumeGrantsAsync(stopping);
                    connection.Welcomed = true;
                    OnWelcome(connection, welcome, grants);
                    continue;
                }

                Dispatch(connection, frame);
                await WaitForHandlerRoomAsync(stopping);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task KeepAliveAsync(Connection connection, CancellationToken cancellationToken)
    {
        if (_options.PingInterval <= TimeSpan.Zero)
        {
            return;
        }

        var ping = Serialize(new PingFrame(), WireJsonContext.Default.PingFrame);
        var limit = (long)(_options.PingInterval + _options.PongTimeout).TotalMilliseconds;
        using var timer = new PeriodicTimer(_options.PingInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (connection.MillisecondsSinceLastReceive > limit)
                {
                    // Half-open: no close frame will ever come. Abort so the receive loop ends and we resume.
                    connection.Socket.Abort();
                    return;
                }

                connection.TryEnqueue(ping);
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended.
        }
    }

    private static async Task ReplyToCloseAsync(Connection connection)
    {
        connection.CompleteWrites();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await connection.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or InvalidOperationException)
        {
            // The server has gone already.
        }
    }

    private void OnWelcome(Connection connection, WelcomeFrame welcome, Dictionary<string, string?> grants)
    {
        Welcome = welcome;
        List<string>? askLater = null;
        lock (_gate)
        {
            _connection = connection;
            Dictionary<string, ulong>? resume = null;
            List<string>? resumeGrants = null;
            foreach (var room in _rooms.Values)
            {
                room.JoinedOn = 0;
                string? grant = null;
                if (NeedsGrant(room.Name) && !grants.TryGetValue(room.Name, out grant))
                {
                    // Joined while the grants were asked for: its join waits for its own grant.
                    (askLater ??= []).Add(room.Name);
                }
                else if (room.LastKnownId is { } lastKnownId)
                {
                    (resume ??= new Dictionary<string, ulong>(StringComparer.Ordinal))[room.Name] = lastKnownId;
                    if (grant is not null)
                    {
                        (resumeGrants ??= []).Add(grant);
                    }
                }
                else
                {
                    WriteJoin(connection, room.Name, null, grant);
                }
            }

            if (resume is not null)
            {
                connection.TryEnqueue(Serialize(new HelloFrame(resume, resumeGrants), WireJsonContext.Default.HelloFrame));
            }

            // Sends to rooms that are ours wait for their joined; the others go now (and are refused).
            foreach (var entry in _outbox)
            {
                entry.SentOn = 0;
                if (CanWrite(entry, connection))
                {
                    Write(entry, connection);
                }
            }

            foreach (var request in _pendingHistory)
            {
                request.SentOn = connection.Id;
                connection.TryEnqueue(request.Frame);
            }

            // A leave in flight on the old connection is done: the room is not in the resume.
            foreach (var leave in _pendingLeaves)
            {
                leave.Completion.TrySetResult();
            }

            _pendingLeaves.Clear();
        }

        foreach (var room in askLater ?? [])
        {
            _ = JoinWithGrantAsync(connection, room);
        }

        ClientLog.Connected(_logger, connection.Node);
        SetState(ConnectionState.Connected, connection.Node, null, null);
        _firstConnected.TrySetResult();
    }

    private void Stop(Exception reason, int? closeCode)
    {
        List<OutboxEntry> entries;
        List<PendingHistory> histories;
        List<TaskCompletionSource<JoinedFrame>> joins = [];
        lock (_gate)
        {
            if (_state == ConnectionState.Stopped)
            {
                return;
            }

            _stopReason ??= reason;
            _state = ConnectionState.Stopped;
            entries = [.. _outbox];
            foreach (var entry in entries)
            {
                RemoveFromOutbox(entry);
            }

            histories = [.. _pendingHistory];
            _pendingHistory.Clear();
            foreach (var room in _rooms.Values)
            {
                joins.AddRange(room.JoinWaiters);
                room.JoinWaiters.Clear();
            }

            foreach (var leave in _pendingLeaves)
            {
                leave.Completion.TrySetResult();
            }

            _pendingLeaves.Clear();
        }

        if (reason is not ObjectDisposedException)
        {
            ClientLog.Stopped(_logger, closeCode, reason);
        }

        var stopped = Stopped();
        foreach (var entry in entries)
        {
            entry.Completion.TrySetException(stopped);
        }

        foreach (var history in histories)
        {
            history.Completion.TrySetException(stopped);
        }

        foreach (var join in joins)
        {
            join.TrySetException(stopped);
        }

        // A first connect refused (401, 403, a failing token provider) fails with the refusal itself.
        _firstConnected.TrySetException(reason is LadderException { Code: not LadderException.StoppedCode } refusal ? refusal : stopped);
        // Wakes senders waiting for an outbox slot and the retry timers.
        _stopping.Cancel();
        Raise(StateChanged, new ConnectionStateChangedEventArgs(ConnectionState.Stopped, null, closeCode, reason));
    }

    private void SetState(ConnectionState state, Uri? node, int? closeCode, Exception? error)
    {
        lock (_gate)
        {
            if (_state == ConnectionState.Stopped || (_state == state && closeCode is null && error is null))
            {
                return;
            }

            _state = state;
        }

        Raise(StateChanged, new ConnectionStateChangedEventArgs(state, node, closeCode, error));
    }

    private static Uri WebSocketUri(Uri node)
    {
        var builder = new UriBuilder(node)
        {
            Scheme = node.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Path = node.AbsolutePath.TrimEnd('/') + "/ws",
        };
        return builder.Uri;
    }
}
