using Ladder.ChatNode.Auth;
using Ladder.Contracts.Wire;

namespace Ladder.ChatNode.Http;

internal static class DevTokenEndpoint
{
    /// <summary><c>POST /dev/token</c>: a token for any valid user name. Mapped only in Development.</summary>
    public static IEndpointRouteBuilder MapDevToken(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/dev/token", async (HttpRequest request, TokenService tokens) =>
        {
            DevTokenRequest? body;
            try
            {
                body = await request.ReadFromJsonAsync(WireJsonContext.Default.DevTokenRequest, request.HttpContext.RequestAborted);
            }
            catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException)
            {
                return HttpErrors.BadRequest("the body must be a JSON object {\"user\"}");
            }

            if (!UserIds.IsValid(body?.User))
            {
                return HttpErrors.BadRequest("user must be 1-64 chars of [A-Za-z0-9_.-]");
            }

            var (token, expiresAt) = tokens.Issue(body!.User);
            return Results.Json(new DevTokenResponse(token, expiresAt), WireJsonContext.Default.DevTokenResponse);
        });
        return endpoints;
    }
}
