using System.Net.WebSockets;
using System.Text;

namespace Ladder.Bench.Net;

/// <summary>Opens authenticated WebSocket connections through one shared handler and reads the <c>welcome</c>.</summary>
public sealed class WsConnector : IDisposable
{
    private readonly HttpMessageInvoker invoker = new(new SocketsHttpHandler
    {
        UseProxy = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.Zero,
        MaxConnectionsPerServer = int.MaxValue,
    });

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);

    public async Task<WsConn> ConnectAsync(Uri node, string token, int index, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.HttpVersion = System.Net.HttpVersion.Version11;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        var uri = new UriBuilder(node) { Scheme = node.Scheme == "https" ? "wss" : "ws", Path = "/ws", Query = "access_token=" + Uri.EscapeDataString(token) }.Uri;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await socket.ConnectAsync(uri, invoker, timeout.Token);
            // The welcome comes first, before anything else: read it here so every scenario starts after it.
            var buffer = new byte[1024];
            var length = 0;
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw new WebSocketException($"closed before welcome: {(int?)socket.CloseStatus} {socket.CloseStatusDescription}");
                }

                length += result.Count;
                if (result.EndOfMessage || length == buffer.Length)
                {
                    break;
                }
            }

            if (FrameScanner.Scan(buffer.AsSpan(0, length)).Kind != FrameKind.Welcome)
            {
                throw new WebSocketException("the first frame was not welcome: " + Encoding.UTF8.GetString(buffer, 0, length));
            }

            return new WsConn(socket, index, node);
        }
        catch
        {
            socket.Abort();
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => invoker.Dispose();
}
