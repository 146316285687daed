namespace Ladder.ChatNode.Auth;

/// <summary>Finds the token of a request: the Authorization header, else <c>access_token</c> (browsers cannot set
/// headers on a WebSocket or an EventSource).</summary>
public static class BearerToken
{
    public static string? From(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return request.Query["access_token"].FirstOrDefault();
    }
}
