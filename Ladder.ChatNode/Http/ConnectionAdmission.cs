using Ladder.ChatNode.Auth;
using Ladder.ChatNode.Moderation;
using Ladder.ChatNode.Protocol;
using Ladder.ChatNode.RateLimiting;
using Ladder.Contracts.Wire;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Http;

/// <summary>What every long-lived connection (WebSocket or SSE) must pass before it starts: a valid token (401),
/// an allowed origin (403), no ban (403) and a free place in the user's connection count (429).</summary>
internal sealed class ConnectionAdmission(TokenService tokens, OriginPolicy origins, BanCheck bans, UserConnectionLimiter connections, IOptions<ConnectionLimitOptions> options)
{
    /// <summary>The admitted connection's slot (dispose it when the connection ends), or null after the refusal was
    /// written to the response.</summary>
    public async Task<ConnectionSlot?> AdmitAsync(HttpContext context)
    {
        var request = context.Request;
        var (slot, refusal) = await DecideAsync(BearerToken.From(request), request.Headers.Origin.ToString());
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(context);
        }

        return slot;
    }

    /// <summary>The admitted connection's slot, or the answer that refuses it. The count is taken last, so a refused
    /// connection never holds a place.</summary>
    public async Task<(ConnectionSlot? Slot, IResult? Refusal)> DecideAsync(string? token, string? origin)
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

        if (await connections.TryAcquireAsync(user) is not { } slot)
        {
            var limit = options.Value;
            return (null, HttpErrors.From(new FrameError(
                ErrorCodes.RateLimited,
                $"a user may hold at most {limit.MaxConnectionsPerUser} connections",
                (long)limit.ConnectionLimitRetryAfter.TotalMilliseconds)));
        }

        return (slot, null);
    }
}
