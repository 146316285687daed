using Ladder.ChatNode.Access;
using Ladder.ChatNode.Http;
using Ladder.ChatNode.Presence;
using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Archive;
using Ladder.Contracts.Wire;

namespace Ladder.ChatNode.ServerApi;

/// <summary><c>GET /api/v1/rooms/{room}/presence</c>: the users online in the room across nodes (empty where the
/// namespace has presence off: its members are not tracked).</summary>
internal static class ServerPresenceEndpoint
{
    public static RouteGroupBuilder MapServerPresence(this RouteGroupBuilder api)
    {
        api.MapGet("/rooms/{room}/presence", async (string room, HttpRequest request, ServerApiGate gate, RoomAccess access, PresenceTracker presence) =>
        {
            if (FrameValidation.CheckRoom(room) is { } invalidRoom)
            {
                return HttpErrors.From(invalidRoom);
            }

            return await gate.RunAsync(request, ApiKeyScopes.Presence, ServerApiActions.Presence, room, null, null, async _ =>
                access.ServerSendRefusal(room) is { } refused
                    ? HttpErrors.From(refused)
                    : Results.Json(new RoomPresence(room, await presence.OnlineAsync(room)), WireJsonContext.Default.RoomPresence));
        })
        .WithName("GetPresence")
        .WithSummary("Who is online in a room, across nodes (scope: presence)")
        .Produces<RoomPresence>()
        .ProducesServerApiErrors();

        return api;
    }
}
