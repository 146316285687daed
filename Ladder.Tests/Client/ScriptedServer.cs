using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Ladder.Tests.Client;

/// <summary>A WebSocket endpoint whose frames a test writes by hand, to put the client in situations a correct
/// server rarely creates (duplicate deliveries, a lost ack, a given close code).</summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<ScriptedConnection> _connections = Channel.CreateUnbounded<ScriptedConnection>();
    private readonly Task _accepting;
    private int _connectionCount;
    private int _refusedCount;

    private readonly TcpProxy _front;

    public ScriptedServer()
    {
        var listening = new Uri($"http://127.0.0.1:{FreePort()}/");
        _listener.Prefixes.Add(listening.ToString());
        _listener.Start();
        _accepting = AcceptAsync();
        // HttpListener cannot drop a connection the way a dead node does; a relay in front of it can.
        _front = new TcpProxy(listening);
    }

    /// <summary>Where clients connect (through the relay).</summary>
    public Uri Address => _front.Address;

    /// <summary>Resets every client connection, like a killed node or a cut network, and accepts new ones again.</summary>
    public void DropConnections()
    {
        _front.Cut();
        _front.Restore();
    }

    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>When set, every upgrade is refused with this HTTP status (401, 403…) instead of accepted.</summary>
    public int? RefuseWith { get; set; }

    /// <summary>Upgrades refused so far.</summary>
    public int RefusedCount => Volatile.Read(ref _refusedCount);

    public async Task<ScriptedConnection> NextConnectionAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        return await _connections.Reader.ReadAsync(cancellation.Token);
    }

    /// <summary>Accepts the next connection and sends welcome.</summary>
    public async Task<ScriptedConnection> AcceptWelcomedAsync(TimeSpan timeout)
    {
        var connection = await NextConnectionAsync(timeout);
        await connection.SendAsync($$"""{"type":"welcome","protocol":1,"node":"fake","session":"s-{{ConnectionCount}}","user":"alice"}""");
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await _front.DisposeAsync();
        _listener.Stop();
        _listener.Close();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            if (!context.Request.IsWebSocketRequest)
            {
                context.Response.StatusCode = 404;
                context.Response.Close();
                continue;
            }

            if (RefuseWith is { } status)
            {
                Interlocked.Increment(ref _refusedCount);
                context.Response.StatusCode = status;
                context.Response.Close();
                continue;
            }

            var socket = await context.AcceptWebSocketAsync(subProtocol: null);
            Interlocked.Increment(ref _connectionCount);
            _connections.Writer.TryWrite(new ScriptedConnection(socket.WebSocket, context.Request.Headers["Authorization"]));
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
