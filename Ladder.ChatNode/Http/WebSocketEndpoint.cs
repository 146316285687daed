using System.Diagnostics;
using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.Transport;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Http;

internal static class WebSocketEndpoint
{
    /// <summary><c>GET /ws</c>: admission is checked before the upgrade.</summary>
    public static IEndpointRouteBuilder MapChatWebSocket(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/ws", async (HttpContext context, ConnectionAdmission admission, WebSocketTransport transport, IOptions<TransportOptions> options) =>
        {
            // The request's span lasts as long as the socket: nothing done for the connection may be its child, or
            // the Redis instrumentation keeps every command made under it (a profiling session per open span).
            Activity.Current = null;
            if (await admission.AdmitAsync(context) is not { } slot)
            {
                return;
            }

            using (slot)
            {
                if (await WebSocketUpgrade.AcceptAsync(context, options.Value.WebSocketKeepAlive) is not var (socket, connection))
                {
                    return;
                }

                // Kestrel keeps the upgraded request for the life of the socket; its headers (the token among them)
                // are not needed any more.
                context.Request.Headers.Clear();
                using (socket)
                {
                    await transport.RunAsync(socket, connection, slot.User, context.Abort, context.RequestAborted);
                }
            }
        });
        return endpoints;
    }
}
