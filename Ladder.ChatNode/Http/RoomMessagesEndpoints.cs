using Ladder.ChatNode.Access;
using Ladder.ChatNode.Auth;
using Ladder.ChatNode.ChatLog;
using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.History;
using Ladder.Contracts.Wire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Http;

internal static class RoomMessagesEndpoints
{
    /// <summary><c>POST /rooms/{room}/messages</c> (a send without a socket) and <c>GET</c> (a history page).</summary>
    public static IEndpointRouteBuilder MapRoomMessages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/rooms/{room}/messages", async (string room, HttpRequest request, TokenService tokens, GrantTokens grantTokens, ChatMessagePoster poster, IOptions<ChatOptions> options) =>
        {
            var user = await tokens.ValidateAsync(BearerToken.From(request));
            if (user is null)
            {
                return HttpErrors.Unauthorized();
            }

            var (body, refusal) = await LimitedJsonBody.ReadAsync(
                request, WireJsonContext.Default.PostMessageRequest, options.Value.MessageBodyLimit, "the body must be a JSON object {\"clientMsgId\",\"text\"}");
            if (refusal is not null)
            {
                return refusal;
            }

            var (grants, invalidGrant) = await grantTokens.VerifyAllAsync(user, GrantsOf(request));
            if (invalidGrant is not null)
            {
                return HttpErrors.From(invalidGrant);
            }

            var outcome = await poster.PostAsync(user, grants, room, body?.ClientMsgId, body?.Text, request.HttpContext.RequestAborted);
            return outcome.Error is { } error
                ? HttpErrors.From(error)
                : Results.Json(new PostMessageResponse(room, body!.ClientMsgId, outcome.Seq, outcome.Duplicate), WireJsonContext.Default.PostMessageResponse);
        });

        endpoints.MapGet("/rooms/{room}/messages", async (string room, [FromQuery] string? before, [FromQuery] string? limit, HttpRequest request, TokenService tokens, GrantTokens grantTokens, HistoryRequests history) =>
        {
            var user = await tokens.ValidateAsync(BearerToken.From(request));
            if (user is null)
            {
                return HttpErrors.Unauthorized();
            }

            ulong? beforeSeq = null;
            int? size = null;
            if (before is not null)
            {
                if (!ulong.TryParse(before, out var parsed))
                {
                    return HttpErrors.BadRequest("before must be a seq");
                }

                beforeSeq = parsed;
            }

            if (limit is not null)
            {
                if (!int.TryParse(limit, out var parsed))
                {
                    return HttpErrors.BadRequest("limit must be a number");
                }

                size = parsed;
            }

            var (grants, invalidGrant) = await grantTokens.VerifyAllAsync(user, GrantsOf(request));
            if (invalidGrant is not null)
            {
                return HttpErrors.From(invalidGrant);
            }

            var (page, error) = await history.ReadAsync(user, grants, room, beforeSeq, size, request.HttpContext.RequestAborted);
            return error is not null ? HttpErrors.From(error) : Results.Json(page!, WireJsonContext.Default.HistoryResponse);
        });

        return endpoints;
    }

    /// <summary>Grant tokens of a request (v1.1): each <c>grant</c> query parameter, and the <c>Ladder-Grant</c>
    /// header.</summary>
    public static IEnumerable<string> GrantsOf(HttpRequest request) =>
        request.Query["grant"].Concat(request.Headers[GrantHeader]).Where(grant => !string.IsNullOrEmpty(grant))!;

    public const string GrantHeader = "Ladder-Grant";
}
