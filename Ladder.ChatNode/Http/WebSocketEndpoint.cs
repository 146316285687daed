using System.Diagnostics;
using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.Connections;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Http;

internal static class WebSocketEndpoint
{
    /// <summary><c>GET /ws</c>: admission is checked before the upgrade.</summary>
    public static IEndpointRouteBuilder MapChatWebSocket(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/ws", async (HttpContext context, ConnectionAdmission admission, WebSocketTransport transport, IOptions<ChatOptions> options) =>
        {
            if (await admission.AdmitAsync(context) is not { } user)
            {
                return;
            }

            if (await WebSocketUpgrade.AcceptAsync(context, options.Value.WebSocketKeepAlive) is not var (socket, connection))
            {
                return;
            }

            // The request's span would otherwise stay open for the life of the socket and parent every Redis and
            // NATS call made for it (the Redis instrumentation keeps a profiling session per open span).
            Activity.Current = null;
            using (socket)
            {
                await transport.RunAsync(socket, connection, user, context.RequestAborted);
            }
        });
        return endpoints;
    }
}
