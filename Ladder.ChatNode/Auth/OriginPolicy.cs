using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Auth;

/// <summary>
/// Cross-site WebSocket hijacking guard: a browser request must come from an origin in <c>Chat:AllowedOrigins</c>.
/// A request without <c>Origin</c> is a non-browser client; its token is what authorizes it.
/// </summary>
/// <remarks>
/// The request's own Host is deliberately not an allowed origin: under DNS rebinding a hostile page's origin and the
/// Host its requests carry are the same (<c>http://evil.example:5101</c>), so "same as Host" would let it in.
/// </remarks>
internal sealed class OriginPolicy(IOptions<OriginOptions> options)
{
    private readonly HashSet<string> allowed = new(
        options.Value.AllowedOrigins.Select(origin => origin.TrimEnd('/')),
        StringComparer.OrdinalIgnoreCase);

    /// <param name="origin">The Origin header, if any.</param>
    public bool IsAllowed(string? origin) =>
        string.IsNullOrEmpty(origin) || allowed.Contains("*") || allowed.Contains(origin.TrimEnd('/'));
}
