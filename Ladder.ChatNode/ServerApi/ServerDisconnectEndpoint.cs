using Ladder.ChatNode.Http;
using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Archive;
using Ladder.Contracts.Names;
using Ladder.Contracts.Wire;
using Microsoft.AspNetCore.Mvc;

namespace Ladder.ChatNode.ServerApi;

/// <summary><c>POST /api/v1/users/{user}/disconnect</c> (<c>?session=</c> for one session): every node closes the
/// user's sessions with 4003. Answered 202 once the command is on the bus; the sockets close within moments.</summary>
internal static class ServerDisconnectEndpoint
{
    public static RouteGroupBuilder MapServerDisconnect(this RouteGroupBuilder api)
    {
        api.MapPost("/users/{user}/disconnect", async (string user, [FromQuery] string? session, HttpRequest request, ServerApiGate gate, ServerBus bus) =>
        {
            if (!UserIds.IsValid(user))
            {
                return HttpErrors.BadRequest("user must be 1-64 chars of [A-Za-z0-9_.-]");
            }

            return await gate.RunAsync(request, ApiKeyScopes.Disconnect, ServerApiActions.Disconnect, null, user, null, caller =>
                ServerApiEndpoints.PublishAsync(() => bus.DisconnectAsync(user, session, caller.Name)));
        })
        .WithName("DisconnectUser")
        .WithSummary("Close a user's sessions on every node, or one session (scope: disconnect)")
        .Produces(StatusCodes.Status202Accepted)
        .ProducesServerApiErrors();

        return api;
    }
}
