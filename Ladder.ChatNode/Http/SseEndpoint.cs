using System.Diagnostics;
using Ladder.ChatNode.Access;
using Ladder.ChatNode.Protocol;
using Ladder.ChatNode.Rooms;
using Ladder.ChatNode.Transport;
using Ladder.Contracts.Names;

namespace Ladder.ChatNode.Http;

internal static class SseEndpoint
{
    /// <summary><c>GET /sse</c>: admission as for <c>/ws</c>; rooms from <c>Last-Event-ID</c>, else <c>rooms</c>.</summary>
    public static IEndpointRouteBuilder MapChatSse(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/sse", async (HttpContext context, ConnectionAdmission admission, GrantTokens grantTokens, RoomAccess access, SseTransport transport) =>
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

            if (positions.Entries.FirstOrDefault(entry => !RoomNames.IsValid(entry.Room)) is { Room: not null } invalid)
            {
                await HttpErrors.From(FrameValidation.CheckRoom(invalid.Room)!).ExecuteAsync(context);
                return;
            }

            // A room the user may not read refuses the stream before it starts (403 with the reason): a browser's
            // EventSource then stops instead of reconnecting into a room it would never get.
            var (grants, invalidGrant) = await grantTokens.VerifyAllAsync(user, RoomMessagesEndpoints.GrantsOf(context.Request));
            var refused = invalidGrant;
            foreach (var entry in positions.Entries)
            {
                refused ??= await access.ReadRefusalAsync(user, entry.Room, grants);
            }

            if (refused is not null)
            {
                await HttpErrors.From(refused).ExecuteAsync(context);
                return;
            }

            await transport.RunAsync(context.Response, user, positions, grants, context.RequestAborted);
        });
        return endpoints;
    }
}
