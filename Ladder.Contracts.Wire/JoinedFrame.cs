namespace Ladder.Contracts.Wire;

/// <summary>Server → client <c>joined</c>: membership confirmed; replayed messages, if any, follow.</summary>
/// <param name="Room">The room joined.</param>
/// <param name="Head">The room's latest seq at join time (0 if it has no message).</param>
public sealed record JoinedFrame(string Room, ulong Head)
{
    /// <summary>The frame's <c>type</c>: <c>"joined"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Joined;
}
