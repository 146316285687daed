namespace Ladder.Contracts.Wire;

/// <summary>Client → server <c>ping</c>: a keep-alive; the node answers <see cref="PongFrame"/>.</summary>
public sealed record PingFrame
{
    /// <summary>The frame's <c>type</c>: <c>"ping"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ClientFrameTypes.Ping;
}
