namespace Ladder.Contracts.Wire;

/// <summary>Client → server <c>history</c>: a page of older messages, newest first.</summary>
/// <param name="Room">The room to page.</param>
/// <param name="Before">Only messages with a seq below this one (exclusive); null for the newest.</param>
/// <param name="Limit">Page size, 1–200; null for the node's default (50).</param>
/// <param name="Grant">A grant token for the room (v1.1), when it needs one and the connection holds none.</param>
public sealed record HistoryRequestFrame(string Room, ulong? Before = null, int? Limit = null, string? Grant = null)
{
    /// <summary>The frame's <c>type</c>: <c>"history"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ClientFrameTypes.History;
}
