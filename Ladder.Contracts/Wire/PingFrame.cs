namespace Ladder.Contracts.Wire;

public sealed record PingFrame
{
    [JsonPropertyOrder(-1)]
    public string Type => ClientFrameTypes.Ping;
}
