using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Ladder.ChatNode.Http;

/// <summary>
/// The <c>AllowedHosts</c> of the host filtering middleware, for the places that answer without it: the direct
/// WebSocket upgrade (it runs before Kestrel's HTTP server) and the development token endpoint (stricter still).
/// Matching is the middleware's own: <see cref="HostString.MatchesAny"/>, port ignored, <c>*.example.com</c> for
/// subdomains, and <c>*</c>, <c>0.0.0.0</c> or <c>[::]</c> for any host.
/// </summary>
internal sealed class HostAllowList
{
    /// <summary>What a node allows when <c>AllowedHosts</c> is not configured: a developer's machine only.</summary>
    public const string LoopbackHosts = "localhost;127.0.0.1;[::1]";

    private readonly List<StringSegment> named;
    private readonly bool anyHost;

    public HostAllowList(IOptions<HostFilteringOptions> options)
    {
        var entries = options.Value.AllowedHosts;
        anyHost = entries.Any(IsWildcard);
        named = [.. entries.Where(entry => !IsWildcard(entry)).Select(entry => new StringSegment(new HostString(entry).ToUriComponent()))];
        if (named.Count == 0)
        {
            named = [.. LoopbackHosts.Split(';').Select(entry => new StringSegment(entry))];
        }
    }

    /// <summary>True when the host filtering middleware would let a request with this non-empty Host through.</summary>
    public bool IsAllowed(string? host) => !string.IsNullOrEmpty(host) && (anyHost || HostString.MatchesAny(host, named));

    /// <summary>
    /// True for a Host named in <c>AllowedHosts</c>, a wildcard for any host aside; when only wildcards are
    /// configured, the loopback names. A development token mints an identity, so "any host" is not enough for it.
    /// </summary>
    public bool IsNamed(string? host) => !string.IsNullOrEmpty(host) && HostString.MatchesAny(host, named);

    private static bool IsWildcard(string entry) => entry is "*" or "0.0.0.0" or "[::]";
}
