namespace Ladder.Contracts.Wire;

public sealed record LeaveFrame(string Room)
{
    [JsonPropertyOrder(-1)]
    public string Type => ClientFrameTypes.Leave;
}
