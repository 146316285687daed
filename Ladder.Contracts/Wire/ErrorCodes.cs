namespace Ladder.Contracts.Wire;

/// <summary>Error codes of protocol v1 (in <c>error</c> frames and HTTP error bodies).</summary>
public static class ErrorCodes
{
    public const string BadFrame = "bad_frame";
    public const string UnknownType = "unknown_type";
    public const string TooLarge = "too_large";
    public const string InvalidRoom = "invalid_room";
    public const string NotJoined = "not_joined";
    public const string RateLimited = "rate_limited";
    public const string Forbidden = "forbidden";
    public const string Unauthorized = "unauthorized";
    public const string Internal = "internal";
}
