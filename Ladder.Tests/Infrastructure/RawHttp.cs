using System.Net.Sockets;
using System.Text;

namespace Ladder.Tests.Infrastructure;

/// <summary>Requests written byte for byte on a TCP connection, for heads an HTTP client would not send (no Host, an
/// oversized request line, a foreign Host on a WebSocket upgrade).</summary>
public static class RawHttp
{
    /// <summary>A version 13 WebSocket handshake for <c>/ws</c> with the given target, Host line and extra header lines.</summary>
    public static string Upgrade(string target, string? host, string extraHeaders = "") =>
        $"GET {target} HTTP/1.1\r\n" + (host is null ? "" : $"Host: {host}\r\n") +
        "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
        extraHeaders + "\r\n";

    /// <summary>Sends <paramref name="request"/> and returns the response head (status line and headers).</summary>
    public static async Task<string> SendAsync(Uri node, string request, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(node.Host, node.Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        return await ReadHeadAsync(stream, cancellationToken);
    }

    /// <summary>The status code of a response head.</summary>
    public static int Status(string head) => int.Parse(head.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one, cancellationToken);
            head.Append((char)one[0]);
        }

        return head.ToString();
    }
}
