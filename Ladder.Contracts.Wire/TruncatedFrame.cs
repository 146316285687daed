namespace Ladder.Contracts.Wire;

/// <summary>Server → client <c>truncated</c>: the replay skipped messages with <see cref="From"/> &lt; seq ≤ <see cref="To"/> (too many to replay); page them with history.</summary>
/// <param name="Room">The room.</param>
/// <param name="From">Exclusive lower bound of the skipped range.</param>
/// <param name="To">Inclusive upper bound of the skipped range.</param>
public sealed record TruncatedFrame(string Room, ulong From, ulong To)
{
    /// <summary>The frame's <c>type</c>: <c>"truncated"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Truncated;
}
