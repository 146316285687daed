namespace Ladder.Contracts.Wire;

public sealed record PongFrame
{
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Pong;
}
