using Ladder.ChatNode.Auth;
using Ladder.ChatNode.Connections;
using Ladder.ChatNode.Moderation;

namespace Ladder.ChatNode.Http;

internal static class WebSocketEndpoint
{
    /// <summary><c>GET /ws</c>: token (401) and origin (403) are checked before the upgrade.</summary>
    public static IEndpointRouteBuilder MapChatWebSocket(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/ws", async (HttpContext context, TokenService tokens, OriginPolicy origins, BanCheck bans, WebSocketTransport transport) =>
        {
            var user = await tokens.ValidateAsync(BearerToken.From(context.Request));
            if (user is null)
            {
                await HttpErrors.Unauthorized().ExecuteAsync(context);
                return;
            }

            if (!origins.IsAllowed(context.Request))
            {
                await HttpErrors.Forbidden("origin not allowed").ExecuteAsync(context);
                return;
            }

            if (await bans.IsBannedAsync(user.Id))
            {
                await HttpErrors.Forbidden("you are banned").ExecuteAsync(context);
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
