namespace Ladder.Contracts.Wire;

/// <summary>Server → client <c>error</c>: a frame was refused; the connection stays open unless a close follows.</summary>
/// <param name="Code">One of <see cref="ErrorCodes"/>.</param>
/// <param name="Message">Human-readable detail, for logs; do not match on it.</param>
/// <param name="Ref">The refused frame's clientMsgId when it had one, else its type; null when unknown.</param>
/// <param name="RetryAfterMs">For <see cref="ErrorCodes.RateLimited"/>: how long to wait before retrying, in milliseconds.</param>
public sealed record ErrorFrame(string Code, string Message, string? Ref = null, long? RetryAfterMs = null)
{
    /// <summary>The frame's <c>type</c>: <c>"error"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Error;
}
