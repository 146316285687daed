using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;
using Ladder.ChatNode.Auth;
using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.Http;
using Ladder.ChatNode.RateLimiting;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Transport;

/// <summary>
/// Kestrel connection middleware that accepts a WebSocket on <c>/ws</c> before Kestrel's HTTP/1.1 server sees the
/// connection: the socket then runs on the bare transport, without the request, response, header collections,
/// pipes and state machines Kestrel otherwise keeps alive for the whole life of an upgraded request (about half of
/// an idle connection's memory, docs/benchmarks.md).
/// </summary>
/// <remarks>
/// Only a handshake that will succeed is taken here: a valid version 13 upgrade within Kestrel's request line and
/// header limits, with an allowed <c>Host</c>, a valid token, an allowed origin and no ban. Everything else (other
/// paths, refusals, malformed or oversized heads, a missing or foreign Host, TLS) goes on to Kestrel untouched: Kestrel
/// answers 400/414/431 for what it declines, the host filtering middleware 400 for a foreign Host, and the
/// <c>/ws</c> endpoint 400/401/403 with the usual error bodies. What is taken is recorded as a request would be
/// (<see cref="DirectUpgradeTelemetry"/>).
/// </remarks>
internal sealed partial class DirectWebSocketConnections(
    ConnectionAdmission admission,
    WebSocketTransport transport,
    IOptions<TransportOptions> options,
    IOptions<KestrelServerOptions> kestrel,
    HostAllowList hosts,
    DirectUpgradeTelemetry telemetry,
    ILogger<DirectWebSocketConnections> logger)
{
    private readonly KestrelServerLimits limits = kestrel.Value.Limits;

    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection => OnConnectedAsync(connection, next);

    private async Task OnConnectedAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var upgrade = await ReadUpgradeAsync(connection);
        if (upgrade is { } accepted)
        {
            using (accepted.Slot)
            {
                await RunAsync(connection, accepted, accepted.Slot.User);
            }
        }
        else if (!connection.ConnectionClosed.IsCancellationRequested)
        {
            await next(connection);
        }
    }

    /// <summary>The key and user of an upgrade taken here (its head consumed), or null with nothing consumed.</summary>
    private async Task<(string Key, string? Host, long HeadRead, ConnectionSlot Slot)?> ReadUpgradeAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        using var headRead = new CancellationTokenSource(limits.RequestHeadersTimeout);
        while (true)
        {
            ReadResult read;
            try
            {
                read = await input.ReadAsync(headRead.Token);
            }
            catch (OperationCanceledException)
            {
                // No complete request head within Kestrel's own limit: what Kestrel would do, minus the 408.
                connection.Abort(new ConnectionAbortedException("request headers timed out"));
                return null;
            }

            var buffer = read.Buffer;
            var scan = UpgradeRequestHead.Scan(buffer, limits, out var head, out var headLength);
            if (scan == HeadScan.Incomplete && !read.IsCompleted)
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            var headComplete = Stopwatch.GetTimestamp();
            var slot = scan == HeadScan.Upgrade && head!.IsWebSocketRequest ? await AdmitAsync(head) : null;
            if (slot is null)
            {
                // Kestrel reads the same bytes again from the start.
                input.AdvanceTo(buffer.Start);
                return null;
            }

            input.AdvanceTo(buffer.GetPosition(headLength));
            return (head!.Key!, head.Host, headComplete, slot);
        }
    }

    private async Task<ConnectionSlot?> AdmitAsync(UpgradeRequestHead head)
    {
        // The host filtering middleware never sees this connection: a foreign Host (DNS rebinding) goes to it.
        if (!hosts.IsAllowed(head.Host))
        {
            return null;
        }

        var (slot, _) = await admission.DecideAsync(BearerToken.From(head.Authorization, head.Query), head.Origin);
        return slot;
    }

    private async Task RunAsync(ConnectionContext connection, (string Key, string? Host, long HeadRead, ConnectionSlot Slot) upgrade, ChatUser user)
    {
        var output = connection.Transport.Output;
        output.Write(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: {WebSocketUpgrade.AcceptKey(upgrade.Key)}\r\n\r\n"));
        var sent = await output.FlushAsync();
        if (sent.IsCompleted || connection.ConnectionClosed.IsCancellationRequested)
        {
            return;
        }

        LogAccepted(connection.ConnectionId, user.Id);
        using var request = telemetry.Accepted(connection.ConnectionId, upgrade.Host, user.Id, upgrade.HeadRead);

        var stream = new SharedWriteStream(new PipeConnectionStream(connection.Transport));
        using var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
        {
            IsServer = true,
            KeepAliveInterval = options.Value.WebSocketKeepAlive,
        });
        await transport.RunAsync(socket, stream, user, () => connection.Abort(new ConnectionAbortedException("close timed out")), connection.ConnectionClosed);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connection {Connection}: WebSocket for {User} accepted on the bare connection")]
    private partial void LogAccepted(string connection, string user);
}
