using Ladder.Client.Internal;
using Ladder.Contracts.Wire;

namespace Ladder.Client;

public sealed partial class LadderClient
{
    /// <summary>Handles one server frame on the receive loop. Only frames of the current connection get here.</summary>
    private void Dispatch(Connection connection, ReadOnlySpan<byte> frame)
    {
        var context = WireJsonContext.Default;
        switch (FrameTypeReader.Read(frame))
        {
            case ServerFrameKind.Message:
                OnMessage(JsonSerializer.Deserialize(frame, context.MessageFrame)!);
                break;
            case ServerFrameKind.Ack:
                OnAck(JsonSerializer.Deserialize(frame, context.AckFrame)!);
                break;
            case ServerFrameKind.Typing:
                var typing = JsonSerializer.Deserialize(frame, context.TypingFrame)!;
                if (IsOurs(typing.Room))
                {
                    Raise(TypingReceived, typing);
                }

                break;
            case ServerFrameKind.Presence:
                var presence = JsonSerializer.Deserialize(frame, context.PresenceFrame)!;
                if (IsOurs(presence.Room))
                {
                    Raise(PresenceChanged, presence);
                }

                break;
            case ServerFrameKind.Joined:
                OnJoined(connection, JsonSerializer.Deserialize(frame, context.JoinedFrame)!);
                break;
            case ServerFrameKind.Synced:
                OnSynced(JsonSerializer.Deserialize(frame, context.SyncedFrame)!);
                break;
            case ServerFrameKind.Truncated:
                var truncated = JsonSerializer.Deserialize(frame, context.TruncatedFrame)!;
                if (IsOurs(truncated.Room))
                {
                    Raise(Truncated, truncated);
                }

                break;
            case ServerFrameKind.Deleted:
                OnDeleted(JsonSerializer.Deserialize(frame, context.DeletedFrame)!);
                break;
            case ServerFrameKind.Left:
                OnLeft(JsonSerializer.Deserialize(frame, context.LeftFrame)!);
                break;
            case ServerFrameKind.History:
                OnHistory(JsonSerializer.Deserialize(frame, context.HistoryFrame)!);
                break;
            case ServerFrameKind.Error:
                OnError(JsonSerializer.Deserialize(frame, context.ErrorFrame)!);
                break;
            case ServerFrameKind.Refreshed:
                connection.PendingRefresh?.TrySetResult(JsonSerializer.Deserialize(frame, context.RefreshedFrame)!);
                break;
            case ServerFrameKind.Welcome:
            case ServerFrameKind.Pong:
            case ServerFrameKind.Unknown:
                // Pong only proves liveness (already noted); unknown types are ignored so the protocol can grow.
                break;
        }
    }

    private void OnMessage(MessageFrame message)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(message.Room, out var room))
            {
                return;
            }

            // seq is strictly increasing per room: anything at or below our position was surfaced already.
            if (room.LastKnownId is { } lastKnownId && message.Seq <= lastKnownId)
            {
                return;
            }

            room.LastKnownId = message.Seq;
        }

        Raise(MessageReceived, message);
    }

    private void OnAck(AckFrame ack)
    {
        OutboxEntry? entry;
        lock (_gate)
        {
            if (!_outboxByKey.TryGetValue((ack.Room, ack.ClientMsgId), out entry))
            {
                // Acked after the caller gave up, or the answer to a resend that was acked already.
                return;
            }

            RemoveFromOutbox(entry);
        }

        entry.Completion.TrySetResult(ack.Seq);
    }

    private void OnJoined(Connection connection, JoinedFrame joined)
    {
        List<TaskCompletionSource<JoinedFrame>> waiters;
        lock (_gate)
        {
            if (!_rooms.TryGetValue(joined.Room, out var room))
            {
                return;
            }

            room.JoinedOn = connection.Id;
            room.EverJoined = true;
            room.TransientRefusals = 0;
            var sent = _sentJoins.FindIndex(join => join.ConnectionId == connection.Id && join.Room == joined.Room);
            if (sent >= 0)
            {
                _sentJoins.RemoveAt(sent);
            }

            // A fresh join starts at the head; a resume (lastKnownId known) keeps its position for the replay.
            room.LastKnownId ??= joined.Head;
            waiters = [.. room.JoinWaiters];
            room.JoinWaiters.Clear();
            foreach (var entry in _outbox)
            {
                if (entry.Room == joined.Room && entry.SentOn != connection.Id)
                {
                    Write(entry, connection);
                }
            }
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetResult(joined);
        }

        Raise(Joined, joined);
    }

    private void OnSynced(SyncedFrame synced)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(synced.Room, out var room))
            {
                return;
            }

            if (room.LastKnownId is not { } lastKnownId || synced.Seq > lastKnownId)
            {
                room.LastKnownId = synced.Seq;
            }
        }

        Raise(Synced, synced);
    }

    private void OnDeleted(DeletedFrame deleted)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(deleted.Room, out var room) || !room.RememberDeleted(deleted.Seq, _options.DeletedMemoryPerRoom))
            {
                return;
            }
        }

        Raise(MessageDeleted, deleted);
    }

    private void OnLeft(LeftFrame left)
    {
        PendingLeave? leave = null;
        lock (_gate)
        {
            // Leaves of one room are answered in order: the oldest is the one this left answers.
            var index = _pendingLeaves.FindIndex(pending => pending.Room == left.Room);
            if (index >= 0)
            {
                leave = _pendingLeaves[index];
                _pendingLeaves.RemoveAt(index);
            }
        }

        leave?.Completion.TrySetResult();
    }

    private void OnHistory(HistoryFrame history)
    {
        PendingHistory? request = null;
        lock (_gate)
        {
            var index = _pendingHistory.FindIndex(pending => pending.Room == history.Room && pending.SentOn != 0);
            if (index >= 0)
            {
                request = _pendingHistory[index];
                _pendingHistory.RemoveAt(index);
            }
        }

        request?.Completion.TrySetResult(history);
    }

    private void OnError(ErrorFrame error)
    {
        Action? fail = null;
        lock (_gate)
        {
            fail = error.Ref switch
            {
                null => null,
                ClientFrameTypes.Join => OnJoinRefused(error),
                // A refused room comes back refused: given up (the app sees the error), never retried; only a join
                // hook that could not answer is asked again later.
                ClientFrameTypes.Hello when IsTransient(error) && error.Room is { } room => RejoinRoomLater(room),
                ClientFrameTypes.Hello when error.Code == ErrorCodes.Forbidden => error.Room is { } room ? GiveUp(room, error) : null,
                ClientFrameTypes.Hello => RejoinLater(),
                ClientFrameTypes.History => FailOldestHistory(error),
                ClientFrameTypes.Leave => CompleteOldestLeave(),
                _ => OnSendRefused(error),
            };
        }

        fail?.Invoke();
        Raise(ErrorReceived, error);
    }

    /// <summary>Called under the lock. Transient refusals are retried with the same clientMsgId; the rest fail the send.</summary>
    private Action? OnSendRefused(ErrorFrame error)
    {
        // The refusal names the clientMsgId only (the same id may be pending in two rooms): it answers the oldest
        // write of that id on this connection.
        OutboxEntry? entry = null;
        var connectionId = _connection?.Id ?? -1;
        foreach (var candidate in _outbox)
        {
            if (candidate.ClientMsgId == error.Ref && candidate.SentOn == connectionId
                && (entry is null || candidate.WriteOrder < entry.WriteOrder))
            {
                entry = candidate;
            }
        }

        if (entry is null)
        {
            return null;
        }

        if (error.Code is ErrorCodes.RateLimited or ErrorCodes.Internal)
        {
            entry.Refusals++;
            var delay = error.RetryAfterMs is { } retryAfter
                ? TimeSpan.FromMilliseconds(retryAfter)
                : Backoff.Delay(entry.Refusals, _options.ReconnectMinDelay, _options.ReconnectMaxDelay);
            entry.SentOn = 0;
            _ = ResendLaterAsync(entry, delay);
            return null;
        }

        if (error.Code == ErrorCodes.NotJoined && _connection is { } connection
            && _rooms.TryGetValue(entry.Room, out var room) && entry.Refusals++ < 3)
        {
            // We were told the room was joined, yet the node lost the membership (a join that failed after its
            // joined): join again from our position, and the send follows the new joined. When a rejoin is already
            // on its way (the failed join's own error came first), the send just waits for its joined.
            if (room.JoinedOn == connection.Id)
            {
                WriteJoin(connection, room.Name, room.LastKnownId);
            }

            room.JoinedOn = 0;
            entry.SentOn = 0;
            return null;
        }

        RemoveFromOutbox(entry);
        return () => entry.Completion.TrySetException(LadderException.From(error));
    }

    /// <summary>Called under the lock. A join or resume the node could not finish (its log unreachable) is retried
    /// after a backoff for every room not joined on this connection, or — when the refused join cannot be told
    /// apart — for every room: joining again from lastKnownId is harmless, the replay is deduplicated.</summary>
    private Action? RejoinLater()
    {
        if (_connection is not { } connection)
        {
            return null;
        }

        var rooms = _rooms.Values.Where(room => room.JoinedOn != connection.Id).ToList();
        if (rooms.Count == 0)
        {
            rooms = [.. _rooms.Values];
        }

        foreach (var room in rooms)
        {
            room.JoinedOn = 0;
        }

        var delay = Backoff.Delay(1, _options.ReconnectMinDelay, _options.ReconnectMaxDelay);
        return () => _ = RejoinAfterAsync(connection, [.. rooms.Select(room => room.Name)], delay);
    }

    private async Task RejoinAfterAsync(Connection connection, string[] rooms, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_gate)
        {
            if (!ReferenceEquals(_connection, connection))
            {
                // A reconnect resumed every room already.
                return;
            }

            foreach (var name in rooms)
            {
                if (_rooms.TryGetValue(name, out var room) && room.JoinedOn != connection.Id)
                {
                    WriteJoin(connection, name, room.LastKnownId);
                }
            }
        }
    }

    private async Task ResendLaterAsync(OutboxEntry entry, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_gate)
        {
            // A reconnect in between has resent it already (SentOn set) or it was acked or abandoned (Node null).
            if (entry.Node is not null && entry.SentOn == 0 && _connection is { } connection && CanWrite(entry, connection))
            {
                Write(entry, connection);
            }
        }
    }

    /// <summary>Called under the lock. The refused join is the oldest one unanswered on this connection. An
    /// <c>internal</c> refusal (the node's log unreachable) is retried later; any other (invalid_room, forbidden)
    /// would be refused again, so the room is given up and its waiters fail.</summary>
    private Action? OnJoinRefused(ErrorFrame error)
    {
        var connectionId = _connection?.Id ?? -1;
        // A v1.1 node names the room; a v1 node answers in order.
        var index = error.Room is { } named
            ? _sentJoins.FindIndex(join => join.ConnectionId == connectionId && join.Room == named)
            : _sentJoins.FindIndex(join => join.ConnectionId == connectionId);
        if (index < 0)
        {
            return IsTransient(error) ? RejoinLater() : null;
        }

        var refused = _sentJoins[index];
        _sentJoins.RemoveAt(index);
        if (!_rooms.TryGetValue(refused.Room, out var room) || room.JoinedOn == connectionId)
        {
            return null;
        }

        return IsTransient(error) ? RejoinRoomLater(room.Name) : GiveUp(room.Name, error);
    }

    /// <summary>A refusal that may not come again: the node's log was unreachable (<c>internal</c>), or the app's join
    /// hook did not answer in time (<c>forbidden</c>, <c>hook_unavailable</c>: the node fails closed, the client
    /// asks again later instead of giving the room up).</summary>
    private static bool IsTransient(ErrorFrame error) =>
        error.Code == ErrorCodes.Internal
        || (error.Code == ErrorCodes.Forbidden && error.Reason == ForbiddenReasons.HookUnavailable);

    /// <summary>Called under the lock. Joins <paramref name="name"/> again after a backoff that grows with each
    /// transient refusal of it, so a struggling hook or log is not hammered by a resume storm.</summary>
    private Action? RejoinRoomLater(string name)
    {
        if (_connection is not { } connection || !_rooms.TryGetValue(name, out var room))
        {
            return null;
        }

        room.JoinedOn = 0;
        var delay = Backoff.Delay(++room.TransientRefusals, _options.ReconnectMinDelay, _options.ReconnectMaxDelay);
        return () => _ = RejoinAfterAsync(connection, [name], delay);
    }

    /// <summary>Called under the lock. Drops a room the node refused: its join waiters and pending sends fail with
    /// the refusal.</summary>
    private Action? GiveUp(string name, ErrorFrame error)
    {
        if (!_rooms.Remove(name, out var room))
        {
            return null;
        }

        var waiters = room.JoinWaiters.ToArray();
        room.JoinWaiters.Clear();
        List<OutboxEntry> abandoned = [.. _outbox.Where(entry => entry.Room == room.Name)];
        foreach (var entry in abandoned)
        {
            RemoveFromOutbox(entry);
        }

        return () =>
        {
            foreach (var waiter in waiters)
            {
                waiter.TrySetException(LadderException.From(error));
            }

            foreach (var entry in abandoned)
            {
                entry.Completion.TrySetException(LadderException.From(error));
            }
        };
    }

    private Action? FailOldestHistory(ErrorFrame error)
    {
        var index = _pendingHistory.FindIndex(pending => pending.SentOn != 0);
        if (index < 0)
        {
            return null;
        }

        var request = _pendingHistory[index];
        _pendingHistory.RemoveAt(index);
        return () => request.Completion.TrySetException(LadderException.From(error));
    }

    private Action? CompleteOldestLeave()
    {
        if (_pendingLeaves.Count == 0)
        {
            return null;
        }

        var leave = _pendingLeaves[0];
        _pendingLeaves.RemoveAt(0);
        return () => leave.Completion.TrySetResult();
    }

    private bool IsOurs(string room)
    {
        lock (_gate)
        {
            return _rooms.ContainsKey(room);
        }
    }

    private void Raise<T>(EventHandler<T>? handler, T args)
        where T : class
    {
        QueueAsyncHandlers(args);
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(this, args);
        }
        catch (Exception exception)
        {
            // A handler's bug must not break delivery to everyone else.
            ReportHandlerFailure(exception);
        }
    }

    private void ReportHandlerFailure(Exception exception)
    {
        ClientLog.HandlerFailed(_logger, exception);
        try
        {
            _options.OnHandlerException?.Invoke(exception);
        }
        catch (Exception reporting)
        {
            ClientLog.HandlerFailed(_logger, reporting);
        }
    }
}
