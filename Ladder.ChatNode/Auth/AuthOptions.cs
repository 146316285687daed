using System.ComponentModel.DataAnnotations;

namespace Ladder.ChatNode.Auth;

/// <summary>Token validation (section <c>Auth</c>). The signing key comes from the AppHost parameter.</summary>
internal sealed record AuthOptions
{
    public const string Section = "Auth";

    /// <summary>HS256 key; at least 32 bytes of UTF-8.</summary>
    [Required, MinLength(32)]
    public string SigningKey { get; init; } = "";

    public string Issuer { get; init; } = "ladder";

    public string Audience { get; init; } = "ladder-chat";

    /// <summary>Lifetime of a development token.</summary>
    public TimeSpan DevTokenLifetime { get; init; } = TimeSpan.FromHours(12);

    /// <summary>The audience of a per-room grant token (never the connection tokens' audience, so neither passes for
    /// the other).</summary>
    public string GrantAudience { get; init; } = "ladder-grant";

    /// <summary>A separate HS256 key for grant tokens (at least 32 bytes of UTF-8); unset, grants are signed with
    /// <see cref="SigningKey"/>.</summary>
    [MinLength(32)]
    public string? GrantSigningKey { get; init; }

    /// <summary>Clock skew tolerated when checking expiry.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(5);
}
