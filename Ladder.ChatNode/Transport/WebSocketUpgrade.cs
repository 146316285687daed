using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Ladder.ChatNode.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Ladder.ChatNode.Transport;

/// <summary>
/// The RFC 6455 server handshake, done here rather than by <c>AcceptWebSocketAsync</c> so that the socket is made
/// on a <see cref="SharedWriteStream"/>: the sender writes batches of frames to the same connection.
/// </summary>
internal static class WebSocketUpgrade
{
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>The socket, or null after a 400 explaining what is wrong with the handshake.</summary>
    internal static async Task<(WebSocket Socket, SharedWriteStream Connection)?> AcceptAsync(HttpContext context, TimeSpan keepAlive)
    {
        var request = context.Request;
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (!HttpMethods.IsGet(request.Method) || upgrade is not { IsUpgradableRequest: true }
            || !string.Equals(request.Headers.Upgrade.ToString(), "websocket", StringComparison.OrdinalIgnoreCase))
        {
            await HttpErrors.BadRequest("GET /ws is a WebSocket upgrade").ExecuteAsync(context);
            return null;
        }

        var key = request.Headers.SecWebSocketKey.ToString();
        if (request.Headers.SecWebSocketVersion.ToString() != "13")
        {
            context.Response.Headers.SecWebSocketVersion = "13";
            await HttpErrors.BadRequest("Sec-WebSocket-Version must be 13").ExecuteAsync(context);
            return null;
        }

        if (!IsValidKey(key))
        {
            await HttpErrors.BadRequest("not a valid WebSocket handshake").ExecuteAsync(context);
            return null;
        }

        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers.SecWebSocketAccept = AcceptKey(key);
        var connection = new SharedWriteStream(await upgrade.UpgradeAsync());
        var socket = WebSocket.CreateFromStream(connection, new WebSocketCreationOptions
        {
            IsServer = true,
            KeepAliveInterval = keepAlive,
        });
        return (socket, connection);
    }

    /// <summary>A <c>Sec-WebSocket-Key</c> is 16 bytes in base64.</summary>
    public static bool IsValidKey(string key)
    {
        Span<byte> decoded = stackalloc byte[16];
        return key.Length == 24 && Convert.TryFromBase64String(key, decoded, out var length) && length == 16;
    }

    public static string AcceptKey(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));
}
