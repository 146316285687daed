namespace Ladder.Contracts.Wire;

/// <summary>Client → server <c>join</c>: become a member of a room.</summary>
/// <param name="Room">The room name.</param>
/// <param name="LastKnownId">The highest seq already seen there: the node replays everything after it, then sends <see cref="SyncedFrame"/>. Null joins at the head, with no replay.</param>
/// <param name="Grant">A grant token for the room from the app's backend (v1.1): a JWT naming the user and the room.</param>
public sealed record JoinFrame(string Room, ulong? LastKnownId = null, string? Grant = null)
{
    /// <summary>The frame's <c>type</c>: <c>"join"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ClientFrameTypes.Join;
}
