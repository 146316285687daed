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
        var user = await tokens.ValidateAsync(BearerToken.From(context.Request));
        if (user is null)
        {
            await HttpErrors.Unauthorized().ExecuteAsync(context);
            return null;
        }

        if (!origins.IsAllowed(context.Request))
        {
            await HttpErrors.Forbidden("origin not allowed").ExecuteAsync(context);
            return null;
        }

        if (await bans.IsBannedAsync(user.Id))
        {
            await HttpErrors.Forbidden("you are banned").ExecuteAsync(context);
            return null;
        }

        return user;
    }
}
