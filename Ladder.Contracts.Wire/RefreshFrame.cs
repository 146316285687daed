namespace Ladder.Contracts.Wire;

/// <summary>Client → server <c>refresh</c> (v1.1): a new token for the same user before the current one expires; the
/// session keeps its rooms. An invalid token, or one for another user, closes the session with 1008.</summary>
/// <param name="Token">The new bearer token.</param>
public sealed record RefreshFrame(string Token)
{
    /// <summary>The frame's <c>type</c>: <c>"refresh"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ClientFrameTypes.Refresh;
}
