namespace Ladder.Contracts.Wire;

/// <summary>Replay of <see cref="Room"/> is complete up to <see cref="Seq"/>; everything after is live.</summary>
public sealed record SyncedFrame(string Room, ulong Seq)
{
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Synced;
}
