using Microsoft.AspNetCore.WebUtilities;

namespace Ladder.ChatNode.Auth;

/// <summary>Finds the token of a request: the Authorization header, else <c>access_token</c> (browsers cannot set
/// headers on a WebSocket or an EventSource).</summary>
internal static class BearerToken
{
    public static string? From(HttpRequest request) =>
        FromHeader(request.Headers.Authorization.ToString()) ?? request.Query["access_token"].FirstOrDefault();

    /// <param name="authorization">The Authorization header, if any.</param>
    /// <param name="query">The raw query string, with or without its leading <c>?</c>.</param>
    public static string? From(string? authorization, string query) =>
        FromHeader(authorization) ?? QueryHelpers.ParseQuery(query).GetValueOrDefault("access_token").FirstOrDefault();

    private static string? FromHeader(string? header) =>
        header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : null;
}
