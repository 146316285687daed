using Ladder.ChatNode.Connections;

namespace Ladder.ChatNode.Http;

internal static class WebSocketEndpoint
{
    /// <summary><c>GET /ws</c>: admission is checked before the upgrade.</summary>
    public static IEndpointRouteBuilder MapChatWebSocket(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/ws", async (HttpContext context, ConnectionAdmission admission, WebSocketTransport transport) =>
        {
            if (await admission.AdmitAsync(context) is not { } user)
            {
                return;
            }

            if (!context.WebSockets.IsWebSocketRequest)
            {
                await HttpErrors.BadRequest("GET /ws is a WebSocket upgrade").ExecuteAsync(context);
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { DangerousEnableCompression = false });
            await transport.RunAsync(socket, user, context.RequestAborted);
        });
        return endpoints;
    }
}
