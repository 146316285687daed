namespace Ladder.Contracts.Wire;

/// <summary>Client → server: a page of older messages, newest first, with seq below <see cref="Before"/>.</summary>
public sealed record HistoryRequestFrame(string Room, ulong? Before = null, int? Limit = null)
{
    [JsonPropertyOrder(-1)]
    public string Type => ClientFrameTypes.History;
}
