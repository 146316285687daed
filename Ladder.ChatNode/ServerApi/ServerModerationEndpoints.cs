using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.Http;
using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Archive;
using Ladder.Contracts.Names;
using Ladder.Contracts.Wire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.ServerApi;

/// <summary>
/// Mute, ban, kick and delete (scope: moderate): the same commands the console publishes, with the key's name as the
/// moderator, so the archiver applies, records and announces them exactly as a moderator's. Answered 202 once the
/// command is on the bus; a command the archiver refuses (an invalid name) is dead-lettered there, as the console's.
/// </summary>
internal static class ServerModerationEndpoints
{
    public static RouteGroupBuilder MapServerModeration(this RouteGroupBuilder api)
    {
        api.MapPost("/users/{user}/mute", (string user, HttpRequest request, ServerApiGate gate, ServerBus bus, IOptions<ChatOptions> options) =>
            OnUserAsync(user, request, gate, ServerApiActions.Mute, options, (body, caller) => bus.MuteAsync(user, body.Room, body.Until, caller.Name, body.Reason)))
            .WithName("MuteUser").WithSummary("Mute a user in a room, or everywhere without room (scope: moderate)")
            .Accepts<ServerModerationRequest>("application/json").Produces(StatusCodes.Status202Accepted).ProducesServerApiErrors();

        api.MapPost("/users/{user}/ban", (string user, HttpRequest request, ServerApiGate gate, ServerBus bus, IOptions<ChatOptions> options) =>
            OnUserAsync(user, request, gate, ServerApiActions.Ban, options, (body, caller) => bus.BanAsync(user, body.Until, caller.Name, body.Reason)))
            .WithName("BanUser").WithSummary("Ban a user: their sessions close with 4003 on every node (scope: moderate)")
            .Accepts<ServerModerationRequest>("application/json").Produces(StatusCodes.Status202Accepted).ProducesServerApiErrors();

        api.MapPost("/users/{user}/kick", (string user, HttpRequest request, ServerApiGate gate, ServerBus bus, IOptions<ChatOptions> options) =>
            OnUserAsync(user, request, gate, ServerApiActions.Kick, options, (body, caller) => bus.KickAsync(user, caller.Name, body.Reason)))
            .WithName("KickUser").WithSummary("Kick a user: their sessions close with 4003; they may come back (scope: moderate)")
            .Accepts<ServerModerationRequest>("application/json").Produces(StatusCodes.Status202Accepted).ProducesServerApiErrors();

        api.MapDelete("/rooms/{room}/messages/{seq}", async (string room, ulong seq, [FromQuery] string? reason, HttpRequest request, ServerApiGate gate, ServerBus bus) =>
            FrameValidation.CheckRoom(room) is { } invalid
                ? HttpErrors.From(invalid)
                : await gate.RunAsync(request, ApiKeyScopes.Moderate, ServerApiActions.Delete, room, null, seq, caller =>
                    ServerApiEndpoints.PublishAsync(() => bus.DeleteMessageAsync(room, seq, caller.Name, reason))))
            .WithName("DeleteMessage").WithSummary("Delete a message: members get deleted{room, seq} (scope: moderate)")
            .Produces(StatusCodes.Status202Accepted).ProducesServerApiErrors();

        return api;
    }

    private static async Task<IResult> OnUserAsync(
        string user, HttpRequest request, ServerApiGate gate, string action, IOptions<ChatOptions> options, Func<ServerModerationRequest, ApiCaller, Task> publish)
    {
        if (!UserIds.IsValid(user))
        {
            return HttpErrors.BadRequest("user must be 1-64 chars of [A-Za-z0-9_.-]");
        }

        return await gate.RunAsync(request, ApiKeyScopes.Moderate, action, null, user, null, async caller =>
        {
            var body = new ServerModerationRequest();
            // The body is optional: a kick needs nothing.
            if (request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0))
            {
                var (read, refusal) = await LimitedJsonBody.ReadAsync(
                    request, WireJsonContext.Default.ServerModerationRequest, options.Value.MessageBodyLimit, "the body must be a JSON object {\"reason\",\"until\",\"room\"}");
                if (refusal is not null)
                {
                    return refusal;
                }

                body = read ?? body;
            }

            if (body.Room is not null && FrameValidation.CheckRoom(body.Room) is { } invalid)
            {
                return HttpErrors.From(invalid);
            }

            return await ServerApiEndpoints.PublishAsync(() => publish(body, caller));
        });
    }
}
