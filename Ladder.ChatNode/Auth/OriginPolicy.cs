using Ladder.ChatNode.Configuration;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Auth;

/// <summary>
/// Cross-site WebSocket hijacking guard: a browser request must come from the node's own origin or an allowed one.
/// A request without <c>Origin</c> is a non-browser client; its token is what authorizes it.
/// </summary>
public sealed class OriginPolicy(IOptions<ChatOptions> options)
{
    private readonly HashSet<string> allowed = new(
        options.Value.AllowedOrigins.Select(origin => origin.TrimEnd('/')),
        StringComparer.OrdinalIgnoreCase);

    public bool IsAllowed(HttpRequest request) =>
        IsAllowed(request.Headers.Origin.ToString(), request.Host.Value ?? "", request.Scheme);

    /// <param name="origin">The Origin header, if any.</param>
    /// <param name="host">The Host header: the node's own origin is always allowed.</param>
    /// <param name="scheme"><c>http</c> or <c>https</c>, as the request came in.</param>
    public bool IsAllowed(string? origin, string host, string scheme)
    {
        if (string.IsNullOrEmpty(origin))
        {
            return true;
        }

        if (allowed.Contains("*") || allowed.Contains(origin.TrimEnd('/')))
        {
            return true;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, host, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Scheme, scheme, StringComparison.OrdinalIgnoreCase);
    }
}
