namespace Ladder.Contracts.Wire;

/// <summary>A history page, newest first; also the body of <c>GET /rooms/{room}/messages</c> (without <c>type</c>).</summary>
public sealed record HistoryFrame(string Room, IReadOnlyList<HistoryItem> Messages, bool HasMore)
{
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.History;
}
