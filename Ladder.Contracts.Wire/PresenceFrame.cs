namespace Ladder.Contracts.Wire;

/// <summary>Server → client <c>presence</c>: the full list right after a join, else one user who came or went.</summary>
/// <param name="Room">The room.</param>
/// <param name="Online">Everyone online in the room (sent once after joining); null otherwise.</param>
/// <param name="JoinedUser">A user who came online in the room; null otherwise.</param>
/// <param name="LeftUser">A user who went offline in the room; null otherwise.</param>
public sealed record PresenceFrame(string Room, IReadOnlyList<string>? Online = null, string? JoinedUser = null, string? LeftUser = null)
{
    /// <summary>The frame's <c>type</c>: <c>"presence"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Presence;
}
