namespace Ladder.Contracts.Wire;

/// <summary><c>typing</c>, both directions: "is typing", best effort (not stored, not over SSE).</summary>
/// <param name="Room">The room.</param>
/// <param name="User">From the server: who is typing. Null from a client.</param>
public sealed record TypingFrame(string Room, string? User = null)
{
    /// <summary>The frame's <c>type</c>: <c>"typing"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ClientFrameTypes.Typing;
}
