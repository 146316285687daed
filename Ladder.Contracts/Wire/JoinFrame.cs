namespace Ladder.Contracts.Wire;

/// <summary>Client → server: join a room, replaying everything after <see cref="LastKnownId"/> first when given.</summary>
public sealed record JoinFrame(string Room, ulong? LastKnownId = null)
{
    [JsonPropertyOrder(-1)]
    public string Type => ClientFrameTypes.Join;
}
