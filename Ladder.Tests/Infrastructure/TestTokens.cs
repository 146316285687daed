using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Ladder.Tests.Infrastructure;

/// <summary>Signs HS256 tokens with the platform's own key, for expiry and signature tests.</summary>
public static class TestTokens
{
    public static async Task<string> SigningKeyAsync(DistributedApplication app)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var parameter = model.Resources.OfType<ParameterResource>().Single(resource => resource.Name == "token-signing-key");
        return (await parameter.GetValueAsync(CancellationToken.None))!;
    }

    /// <param name="notBefore">The token's <c>nbf</c>; five minutes ago unless given.</param>
    /// <param name="claims">More claims (a <c>rooms</c> claim, a grant's <c>room</c> and <c>send</c>).</param>
    public static string Sign(
        string key, string user, DateTimeOffset expiresAt, string issuer = "ladder", string audience = "ladder-chat",
        DateTimeOffset? notBefore = null, IReadOnlyDictionary<string, object>? claims = null)
    {
        var header = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8);
        var body = new Dictionary<string, object>
        {
            ["sub"] = user,
            ["iss"] = issuer,
            ["aud"] = audience,
            ["iat"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(),
            ["nbf"] = (notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-5)).ToUnixTimeSeconds(),
            ["exp"] = expiresAt.ToUnixTimeSeconds(),
        };
        foreach (var (name, value) in claims ?? new Dictionary<string, object>())
        {
            body[name] = value;
        }

        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(body));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes($"{header}.{payload}"));
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    /// <summary>A per-room grant token (protocol v1.1) as an app's backend would mint it.</summary>
    public static string Grant(string key, string user, string room, bool send, DateTimeOffset? expiresAt = null) =>
        Sign(key, user, expiresAt ?? DateTimeOffset.UtcNow.AddMinutes(10), audience: "ladder-grant",
            claims: new Dictionary<string, object> { ["room"] = room, ["send"] = send });

    private static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
