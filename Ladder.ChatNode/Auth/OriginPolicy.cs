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

    public bool IsAllowed(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin))
        {
            return true;
        }

        if (allowed.Contains("*") || allowed.Contains(origin.TrimEnd('/')))
        {
            return true;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase);
    }
}
