namespace Ladder.Contracts.Wire;

/// <summary>Server → client <c>history</c>: a page of older messages, answer to <see cref="HistoryRequestFrame"/>.</summary>
/// <param name="Room">The room paged.</param>
/// <param name="Messages">The page, newest first.</param>
/// <param name="HasMore">True when older messages exist below the last item.</param>
public sealed record HistoryFrame(string Room, IReadOnlyList<HistoryItem> Messages, bool HasMore)
{
    /// <summary>The frame's <c>type</c>: <c>"history"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.History;
}
