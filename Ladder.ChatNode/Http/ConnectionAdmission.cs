using Ladder.ChatNode.Auth;
using Ladder.ChatNode.Moderation;

namespace Ladder.ChatNode.Http;

/// <summary>What every long-lived connection (WebSocket or SSE) must pass before it starts: a valid token (401),
/// an allowed origin (403) and no ban (403).</summary>
public sealed class ConnectionAdmission(TokenService tokens, OriginPolicy origins, BanCheck bans)
{
    /// <summary>The user, or null after the refusal was written to the response.</summary>
    public async Task<ChatUser?> AdmitAsync(HttpContext context)
    {
        var request = context.Request;
        var (user, refusal) = await DecideAsync(BearerToken.From(request), request.Headers.Origin.ToString());
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(context);
        }

        return user;
    }

    /// <summary>The user, or the answer that refuses them.</summary>
    public async Task<(ChatUser? User, IResult? Refusal)> DecideAsync(string? token, string? origin)
    {
        var user = await tokens.ValidateAsync(token);
        if (user is null)
        {
            return (null, HttpErrors.Unauthorized());
        }

        if (!origins.IsAllowed(origin))
        {
            return (null, HttpErrors.Forbidden("origin not allowed"));
        }

        if (await bans.IsBannedAsync(user.Id))
        {
            return (null, HttpErrors.Forbidden("you are banned"));
        }

        return (user, null);
    }
}
