namespace Ladder.Contracts.Wire;

/// <summary>Server → client <c>error</c>: a frame was refused; the connection stays open unless a close follows.</summary>
/// <param name="Code">One of <see cref="ErrorCodes"/>.</param>
/// <param name="Message">Human-readable detail, for logs; do not match on it.</param>
/// <param name="Ref">The refused frame's clientMsgId when it had one, else its type; null when unknown.</param>
/// <param name="RetryAfterMs">For <see cref="ErrorCodes.RateLimited"/>: how long to wait before retrying, in milliseconds.</param>
/// <param name="Reason">For <see cref="ErrorCodes.Forbidden"/> (v1.1): one of <see cref="ForbiddenReasons"/>, for programs to match on.</param>
/// <param name="Room">For a refusal of a room (v1.1): the room refused, so a <c>hello</c>'s refusals can be told apart.</param>
public sealed record ErrorFrame(string Code, string Message, string? Ref = null, long? RetryAfterMs = null, string? Reason = null, string? Room = null)
{
    /// <summary>The frame's <c>type</c>: <c>"error"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Error;
}
