using Ladder.ChatNode.Auth;
using Ladder.ChatNode.Connections;
using Ladder.ChatNode.Moderation;
using Ladder.ChatNode.Protocol;

namespace Ladder.ChatNode.Http;

internal static class SseEndpoint
{
    /// <summary><c>GET /sse</c>: token and origin as for <c>/ws</c>; rooms from <c>Last-Event-ID</c>, else <c>rooms</c>.</summary>
    public static IEndpointRouteBuilder MapChatSse(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/sse", async (HttpContext context, TokenService tokens, OriginPolicy origins, BanCheck bans, SseTransport transport) =>
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
