namespace Ladder.Contracts.Wire;

public sealed record LeftFrame(string Room)
{
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Left;
}
