namespace Ladder.Contracts.Wire;

/// <summary>Server → client <c>left</c>: the membership ended (answer to <see cref="LeaveFrame"/>).</summary>
/// <param name="Room">The room left.</param>
public sealed record LeftFrame(string Room)
{
    /// <summary>The frame's <c>type</c>: <c>"left"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Left;
}
