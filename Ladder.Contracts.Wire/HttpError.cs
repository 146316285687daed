namespace Ladder.Contracts.Wire;

/// <summary>The body of every HTTP error of a chat node.</summary>
/// <param name="Code">One of <see cref="ErrorCodes"/>.</param>
/// <param name="Message">Human-readable detail, for logs.</param>
/// <param name="RetryAfterMs">For <see cref="ErrorCodes.RateLimited"/> (HTTP 429): how long to wait, in milliseconds.</param>
/// <param name="Reason">For <see cref="ErrorCodes.Forbidden"/> (HTTP 403, v1.1): one of <see cref="ForbiddenReasons"/>.</param>
/// <param name="Room">For a refusal of a room (v1.1): the room refused.</param>
public sealed record HttpError(string Code, string Message, long? RetryAfterMs = null, string? Reason = null, string? Room = null);
