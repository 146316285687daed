using System.Diagnostics;
using Ladder.ChatNode.Protocol;
using Ladder.ChatNode.Rooms;
using Ladder.ChatNode.Transport;

namespace Ladder.ChatNode.Http;

internal static class SseEndpoint
{
    /// <summary><c>GET /sse</c>: admission as for <c>/ws</c>; rooms from <c>Last-Event-ID</c>, else <c>rooms</c>.</summary>
    public static IEndpointRouteBuilder MapChatSse(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/sse", async (HttpContext context, ConnectionAdmission admission, SseTransport transport) =>
        {
            // As for /ws: the stream's request span must not parent (and so keep) every Redis command made for it.
            Activity.Current = null;
            if (await admission.AdmitAsync(context) is not { } slot)
            {
                return;
            }

            using var held = slot;
            var user = slot.User;

            var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
            var source = string.IsNullOrEmpty(lastEventId) ? context.Request.Query["rooms"].ToString() : lastEventId;
            var positions = ResumePositions.Parse(source, out var malformed);
            if (positions is null)
            {
                await HttpErrors.BadRequest(malformed!).ExecuteAsync(context);
                return;
            }

            if (positions.Entries.FirstOrDefault(entry => !FrameValidation.IsValidRoom(entry.Room)) is { Room: not null } invalid)
            {
                await HttpErrors.From(FrameValidation.CheckRoom(invalid.Room)!).ExecuteAsync(context);
                return;
            }

            await transport.RunAsync(context.Response, user, positions, context.RequestAborted);
        });
        return endpoints;
    }
}
