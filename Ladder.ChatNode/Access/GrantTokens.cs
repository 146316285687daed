using System.Text;
using Ladder.ChatNode.Auth;
using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Names;
using Ladder.Contracts.Wire;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ladder.ChatNode.Access;

/// <summary>
/// Verifies the per-room grant tokens the app's backend hands its users: an HS256 JWT with <c>sub</c> (the user),
/// <c>room</c> (a room name), <c>send</c> (true where posting is allowed), <c>exp</c>, the issuer and the grant
/// audience (<c>ladder-grant</c>, so a connection token is never taken for a grant nor a grant for a connection
/// token), signed with <c>Auth:GrantSigningKey</c> or, unset, the token signing key. Checked locally: no network.
/// </summary>
internal sealed class GrantTokens
{
    public const string RoomClaim = "room";

    public const string SendClaim = "send";

    private readonly JsonWebTokenHandler handler = new();
    private readonly TokenValidationParameters validation;

    public GrantTokens(IOptions<AuthOptions> options)
    {
        var auth = options.Value;
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(string.IsNullOrEmpty(auth.GrantSigningKey) ? auth.SigningKey : auth.GrantSigningKey));
        validation = new TokenValidationParameters
        {
            ValidIssuer = auth.Issuer,
            ValidAudience = auth.GrantAudience,
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = auth.ClockSkew,
        };
    }

    /// <summary>The grant of a valid token for <paramref name="user"/> (and for <paramref name="room"/> when given);
    /// else a <c>forbidden</c> refusal with reason <c>invalid_grant</c>.</summary>
    public async ValueTask<(RoomGrant? Grant, FrameError? Error)> VerifyAsync(ChatUser user, string token, string? room = null)
    {
        var result = await handler.ValidateTokenAsync(token, validation);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return Invalid(room, "the grant is expired, badly signed or malformed");
        }

        if (!string.Equals(jwt.Subject, user.Id, StringComparison.Ordinal))
        {
            return Invalid(room, "the grant names another user");
        }

        if (!jwt.TryGetPayloadValue<string>(RoomClaim, out var granted) || !RoomNames.IsValid(granted))
        {
            return Invalid(room, "the grant names no valid room");
        }

        if (room is not null && !string.Equals(granted, room, StringComparison.Ordinal))
        {
            return Invalid(room, $"the grant is for '{granted}'");
        }

        var send = jwt.TryGetPayloadValue<bool>(SendClaim, out var allowed) && allowed;
        return (new RoomGrant(granted, send, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero)), null);
    }

    /// <summary>Verifies every token; the first invalid one refuses them all.</summary>
    public async ValueTask<(IReadOnlyList<RoomGrant> Grants, FrameError? Error)> VerifyAllAsync(ChatUser user, IEnumerable<string> tokens)
    {
        var grants = new List<RoomGrant>();
        foreach (var token in tokens)
        {
            var (grant, error) = await VerifyAsync(user, token);
            if (error is not null)
            {
                return ([], error);
            }

            grants.Add(grant!);
        }

        return (grants, null);
    }

    private static (RoomGrant?, FrameError?) Invalid(string? room, string why) =>
        (null, new FrameError(ErrorCodes.Forbidden, $"invalid grant: {why}", Reason: ForbiddenReasons.InvalidGrant, Room: room));
}
