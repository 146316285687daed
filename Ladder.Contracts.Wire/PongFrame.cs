namespace Ladder.Contracts.Wire;

/// <summary>Server → client <c>pong</c>: the answer to <see cref="PingFrame"/>.</summary>
public sealed record PongFrame
{
    /// <summary>The frame's <c>type</c>: <c>"pong"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Pong;
}
