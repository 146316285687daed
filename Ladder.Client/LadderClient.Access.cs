using Ladder.Client.Internal;
using Ladder.Contracts.Wire;

namespace Ladder.Client;

/// <summary>Protocol v1.1 on the client: grant tokens for namespaced rooms, and refreshing the session's token.</summary>
public sealed partial class LadderClient
{
    /// <summary>Refresh attempts are at least this far apart, so a provider that has nothing newer yet (or a node that
    /// does not answer) is not asked in a tight loop.</summary>
    private static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>v1 rooms have no namespace and <c>dm:</c> rooms admit their two users without a grant: only the other
    /// namespaced rooms are worth a call to the app's backend.</summary>
    private bool NeedsGrant(string room) =>
        _options.GrantProvider is not null && room.IndexOf(':', StringComparison.Ordinal) > 0
        && !room.StartsWith("dm:", StringComparison.Ordinal);

    private async Task<string?> GetGrantAsync(string room, CancellationToken cancellationToken)
    {
        if (!NeedsGrant(room))
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        timeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            return await _options.GrantProvider!(room, timeout.Token);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException
            && !cancellationToken.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            // The node decides without it: a room that needs a grant is refused with a reason the app can see.
            ClientLog.GrantProviderFailed(_logger, room, exception);
            return null;
        }
    }

    /// <summary>The grants of every room a <c>hello</c> will resume, asked at once.</summary>
    private async Task<Dictionary<string, string?>> GetResumeGrantsAsync(CancellationToken cancellationToken)
    {
        string[] rooms;
        lock (_gate)
        {
            rooms = [.. _rooms.Keys.Where(NeedsGrant)];
        }

        var grants = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (rooms.Length == 0)
        {
            return grants;
        }

        var answers = await Task.WhenAll(rooms.Select(room => GetGrantAsync(room, cancellationToken)));
        for (var index = 0; index < rooms.Length; index++)
        {
            grants[rooms[index]] = answers[index];
        }

        return grants;
    }

    /// <summary>Writes the join of a room that needs a grant once the provider answered, unless the connection
    /// changed meanwhile (its welcome joins the room) or the room was left or joined already.</summary>
    private async Task JoinWithGrantAsync(Connection connection, string room)
    {
        string? grant;
        try
        {
            grant = await GetGrantAsync(room, CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_gate)
        {
            if (!ReferenceEquals(_connection, connection) || !_rooms.TryGetValue(room, out var state)
                || state.JoinedOn == connection.Id || _sentJoins.Exists(join => join.ConnectionId == connection.Id && join.Room == room))
            {
                return;
            }

            WriteJoin(connection, room, state.LastKnownId, grant);
        }
    }

    /// <summary>Keeps the session's token fresh: shortly before it expires, a new one from the token provider goes in
    /// a <c>refresh</c> frame, and the session (rooms, grants, positions) carries on. Should it not work out, the node
    /// closes with 4001 at expiry and the client reconnects with a fresh token as before.</summary>
    private async Task RefreshTokenAsync(Connection connection, CancellationToken cancellationToken)
    {
        if (_options.TokenRefreshMargin <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            while (TokenExpiry.Read(connection.Token) is { } expiresAt)
            {
                var remaining = expiresAt - DateTimeOffset.UtcNow;
                if (remaining <= TimeSpan.Zero)
                {
                    // Too late: the 4001 that follows reconnects with a new token.
                    return;
                }

                var margin = remaining / 5 < _options.TokenRefreshMargin ? remaining / 5 : _options.TokenRefreshMargin;
                var delay = remaining - margin;
                await Task.Delay(delay > MinRefreshInterval ? delay : MinRefreshInterval, cancellationToken);
                if (!connection.Welcomed)
                {
                    continue;
                }

                string token;
                try
                {
                    token = await _options.TokenProvider(cancellationToken);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
                {
                    ClientLog.RefreshFailed(_logger, connection.Node, exception);
                    continue;
                }

                if (TokenExpiry.Read(token) is not { } newExpiry || newExpiry <= expiresAt)
                {
                    // The provider has nothing newer yet (a cached token): ask again shortly.
                    continue;
                }

                await SendRefreshAsync(connection, token, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection ended; the next one starts its own refresh loop with its own token.
        }
    }

    private async Task SendRefreshAsync(Connection connection, string token, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<RefreshedFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.PendingRefresh = answer;
        try
        {
            if (!connection.TryEnqueue(Serialize(new RefreshFrame(token), WireJsonContext.Default.RefreshFrame)))
            {
                return;
            }

            var refreshed = await answer.Task.WaitAsync(_options.ConnectTimeout, cancellationToken);
            connection.Token = token;
            ClientLog.Refreshed(_logger, connection.Node, refreshed.ExpiresAt);
        }
        catch (TimeoutException exception)
        {
            ClientLog.RefreshFailed(_logger, connection.Node, exception);
        }
        finally
        {
            connection.PendingRefresh = null;
        }
    }
}
