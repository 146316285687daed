namespace Ladder.Contracts.Wire;

/// <summary>Messages with <see cref="From"/> &lt; seq ≤ <see cref="To"/> were skipped by the replay (page them with history).</summary>
public sealed record TruncatedFrame(string Room, ulong From, ulong To)
{
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Truncated;
}
