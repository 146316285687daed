namespace Ladder.Contracts.Wire;

/// <summary>Server → client <c>synced</c>: the replay of a room is complete; everything after is live. Only for a join with a lastKnownId (or a hello resume entry).</summary>
/// <param name="Room">The room.</param>
/// <param name="Seq">The last seq delivered for the room: the last replayed one, or the head if nothing was missed.</param>
public sealed record SyncedFrame(string Room, ulong Seq)
{
    /// <summary>The frame's <c>type</c>: <c>"synced"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Synced;
}
