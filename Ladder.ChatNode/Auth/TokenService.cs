using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Ladder.ChatNode.Access;
using Ladder.Contracts.Names;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ladder.ChatNode.Auth;

/// <summary>Issues and validates the HS256 bearer tokens of protocol v1.</summary>
internal sealed class TokenService
{
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials credentials;
    private readonly TokenValidationParameters validation;
    private readonly AuthOptions options;
    private readonly TimeProvider time;

    public TokenService(IOptions<AuthOptions> options, TimeProvider time)
    {
        this.options = options.Value;
        this.time = time;
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(this.options.SigningKey));
        credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        validation = new TokenValidationParameters
        {
            ValidIssuer = this.options.Issuer,
            ValidAudience = this.options.Audience,
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            // The library's own lifetime check (exp required, nbf honoured when present, both with the clock skew)
            // against the system clock: its TimeProvider hook is not public.
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = this.options.ClockSkew,
        };
    }

    public (string Token, DateTimeOffset ExpiresAt) Issue(string user, TimeSpan? lifetime = null)
    {
        var now = time.GetUtcNow();
        var expiresAt = now + (lifetime ?? options.DevTokenLifetime);
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, user)]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = credentials,
        });
        return (token, DateTimeOffset.FromUnixTimeSeconds(expiresAt.ToUnixTimeSeconds()));
    }

    /// <summary>The user of a valid token; null for a missing, expired, badly signed or malformed one.</summary>
    public async ValueTask<ChatUser?> ValidateAsync(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var result = await handler.ValidateTokenAsync(token, validation);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt || !UserIds.IsValid(jwt.Subject))
        {
            return null;
        }

        var expiresAt = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        if (!jwt.TryGetClaim(RoomsClaim.Name, out _))
        {
            return new ChatUser(jwt.Subject, expiresAt);
        }

        // The claim is an object: read from the payload itself rather than through the library's claim mapping.
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.EncodedPayload));
        return payload.RootElement.TryGetProperty(RoomsClaim.Name, out var claim) && RoomsClaim.Parse(claim, expiresAt) is { } rooms
            ? new ChatUser(jwt.Subject, expiresAt) { Rooms = rooms }
            : null;
    }
}
