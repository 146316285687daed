using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Ladder.Tests.Client;

/// <summary>
/// A loopback TCP relay in front of a chat node, so a test can cut a client's network (connections reset, new ones
/// refused) or hold the answers back (a send reaches the node, its ack does not reach the client) without touching
/// the node itself.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<(Socket Client, Socket Server), byte> _pairs = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private volatile bool _cut;
    private volatile bool _holdDownstream;

    public TcpProxy(Uri target)
    {
        _targetPort = target.Port;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The proxy's base address (same scheme and path as the target).</summary>
    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public int ActiveConnections => _pairs.Count;

    /// <summary>Resets every relayed connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _cut = true;
        foreach (var pair in _pairs.Keys)
        {
            Reset(pair.Client);
            Reset(pair.Server);
        }
    }

    /// <summary>Bytes from the node are held (not lost) until <see cref="Restore"/> or dropped by <see cref="Cut"/>.</summary>
    public void HoldDownstream() => _holdDownstream = true;

    public void Restore()
    {
        _holdDownstream = false;
        _cut = false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        if (_cut)
        {
            Reset(client);
            return;
        }

        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _targetPort), _stopping.Token);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            Reset(client);
            server.Dispose();
            return;
        }

        var pair = (client, server);
        _pairs[pair] = 0;
        await Task.WhenAll(PumpAsync(client, server, downstream: false), PumpAsync(server, client, downstream: true));
        _pairs.TryRemove(pair, out _);
        client.Dispose();
        server.Dispose();
    }

    private async Task PumpAsync(Socket from, Socket to, bool downstream)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                while (downstream && _holdDownstream && !_cut)
                {
                    await Task.Delay(10, _stopping.Token); // poll interval while the test holds this direction
                }

                if (_cut)
                {
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
            }
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Reset(from);
            Reset(to);
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            // Linger 0 sends RST: the peer sees the connection die at once, as with a killed process.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
    }
}
