namespace Ladder.Contracts.Wire;

public sealed record DeletedFrame(string Room, ulong Seq)
{
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Deleted;
}
