namespace Ladder.Contracts.Wire;

/// <summary>Server → client <c>refreshed</c> (v1.1): the answer to <see cref="RefreshFrame"/>; the session now lasts
/// until the new token's expiry.</summary>
/// <param name="ExpiresAt">The new token's <c>exp</c>.</param>
public sealed record RefreshedFrame(DateTimeOffset ExpiresAt)
{
    /// <summary>The frame's <c>type</c>: <c>"refreshed"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Refreshed;
}
