namespace Ladder.Contracts.Wire;

/// <summary>Client → server <c>leave</c>: stop being a member of a room.</summary>
/// <param name="Room">The room to leave.</param>
public sealed record LeaveFrame(string Room)
{
    /// <summary>The frame's <c>type</c>: <c>"leave"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ClientFrameTypes.Leave;
}
