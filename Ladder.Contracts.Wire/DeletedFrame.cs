namespace Ladder.Contracts.Wire;

/// <summary>Server → client <c>deleted</c>: a moderator removed a message; clients hide it. Also replayed on resume.</summary>
/// <param name="Room">The message's room.</param>
/// <param name="Seq">The removed message's sequence number.</param>
public sealed record DeletedFrame(string Room, ulong Seq)
{
    /// <summary>The frame's <c>type</c>: <c>"deleted"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Deleted;
}
