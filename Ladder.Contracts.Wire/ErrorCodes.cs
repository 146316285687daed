namespace Ladder.Contracts.Wire;

/// <summary>Error codes of protocol v1 (in <c>error</c> frames and HTTP error bodies).</summary>
public static class ErrorCodes
{
    /// <summary>Malformed frame, missing field or blank text.</summary>
    public const string BadFrame = "bad_frame";
    /// <summary>A frame <c>type</c> the node does not know.</summary>
    public const string UnknownType = "unknown_type";
    /// <summary>Text over its limit (HTTP 413).</summary>
    public const string TooLarge = "too_large";
    /// <summary>A room name outside the allowed form.</summary>
    public const string InvalidRoom = "invalid_room";
    /// <summary>A send or history for a room the connection has not joined.</summary>
    public const string NotJoined = "not_joined";
    /// <summary>Too many sends; retry after <c>retryAfterMs</c> (HTTP 429).</summary>
    public const string RateLimited = "rate_limited";
    /// <summary>Not allowed: muted, banned, a closed room, or (v1.1) no access to the room, with a <see cref="ForbiddenReasons"/> reason (HTTP 403).</summary>
    public const string Forbidden = "forbidden";
    /// <summary>Missing, invalid or expired token (HTTP 401).</summary>
    public const string Unauthorized = "unauthorized";
    /// <summary>A transient server failure; safe to retry (HTTP 503).</summary>
    public const string Internal = "internal";
}
