using Ladder.ChatNode.Auth;
using Ladder.Contracts.Names;
using Ladder.Contracts.Wire;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Http;

internal static class DevTokenEndpoint
{
    /// <summary><c>POST /dev/token</c>: a token for any valid user name that is not reserved, asked for under a Host
    /// named in <c>AllowedHosts</c>. Mapped only when <c>Chat:DevTokens</c> is on.</summary>
    public static IEndpointRouteBuilder MapDevToken(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<DevTokenOptions>>().Value;
        var reserved = new HashSet<string>(
            options.DevTokenReservedNames.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            StringComparer.OrdinalIgnoreCase);

        endpoints.MapPost("/dev/token", async (HttpRequest request, TokenService tokens, HostAllowList hosts) =>
        {
            // A page under a rebinding name (evil.example → 127.0.0.1) must not mint tokens, even where AllowedHosts is *.
            if (!hosts.IsNamed(request.Host.Value))
            {
                return HttpErrors.Forbidden("development tokens are only given to a host named in AllowedHosts");
            }

            var (body, refusal) = await LimitedJsonBody.ReadAsync(
                request, WireJsonContext.Default.DevTokenRequest, options.DevTokenMaxBodyBytes, "the body must be a JSON object {\"user\"}");
            if (refusal is not null)
            {
                return refusal;
            }

            if (!UserIds.IsValid(body?.User))
            {
                return HttpErrors.BadRequest("user must be 1-64 chars of [A-Za-z0-9_.-]");
            }

            if (reserved.Contains(body!.User))
            {
                return HttpErrors.Forbidden($"the user name '{body.User}' is reserved");
            }

            var (token, expiresAt) = tokens.Issue(body.User);
            return Results.Json(new DevTokenResponse(token, expiresAt), WireJsonContext.Default.DevTokenResponse);
        });
        return endpoints;
    }
}
