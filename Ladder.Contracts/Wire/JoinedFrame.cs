namespace Ladder.Contracts.Wire;

/// <summary>Membership confirmed; <see cref="Head"/> is the room's latest seq at join time (0 if none).</summary>
public sealed record JoinedFrame(string Room, ulong Head)
{
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Joined;
}
