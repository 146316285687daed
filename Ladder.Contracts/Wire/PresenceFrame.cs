namespace Ladder.Contracts.Wire;

/// <summary>Who is in a room: the full <see cref="Online"/> list on join, else one <see cref="JoinedUser"/> or <see cref="LeftUser"/>.</summary>
public sealed record PresenceFrame(string Room, IReadOnlyList<string>? Online = null, string? JoinedUser = null, string? LeftUser = null)
{
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Presence;
}
