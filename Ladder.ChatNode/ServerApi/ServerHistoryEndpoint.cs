using Ladder.ChatNode.History;
using Ladder.ChatNode.Http;
using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Archive;
using Ladder.Contracts.Wire;
using Microsoft.AspNetCore.Mvc;

namespace Ladder.ChatNode.ServerApi;

/// <summary><c>GET /api/v1/rooms/{room}/history</c>: a page of the room's archive, as <c>GET /rooms/{room}/messages</c>
/// answers it, without the grants a user would need.</summary>
internal static class ServerHistoryEndpoint
{
    public static RouteGroupBuilder MapServerHistory(this RouteGroupBuilder api)
    {
        api.MapGet("/rooms/{room}/history", async (string room, [FromQuery] ulong? before, [FromQuery] int? limit, HttpRequest request, ServerApiGate gate, HistoryRequests history) =>
        {
            if (FrameValidation.CheckRoom(room) is { } invalidRoom)
            {
                return HttpErrors.From(invalidRoom);
            }

            return await gate.RunAsync(request, ApiKeyScopes.History, ServerApiActions.History, room, null, null, async _ =>
            {
                var (page, error) = await history.ReadForServerAsync(room, before, limit, request.HttpContext.RequestAborted);
                return error is not null ? HttpErrors.From(error) : Results.Json(page!, WireJsonContext.Default.HistoryResponse);
            });
        })
        .WithName("GetHistory")
        .WithSummary("A page of a room's history, newest first (scope: history)")
        .Produces<HistoryResponse>()
        .ProducesServerApiErrors();

        return api;
    }
}
