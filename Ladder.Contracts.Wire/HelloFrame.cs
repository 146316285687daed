namespace Ladder.Contracts.Wire;

/// <summary>Client → server <c>hello</c>: rejoin every room of <see cref="Resume"/> after a reconnect, replaying what was missed.</summary>
/// <param name="Resume">Room → lastKnownId (the highest seq the client has seen there); null or empty joins nothing.</param>
/// <param name="Grants">Grant tokens for rooms of <see cref="Resume"/> that need one (v1.1); each names its own room.</param>
public sealed record HelloFrame(IReadOnlyDictionary<string, ulong>? Resume, IReadOnlyList<string>? Grants = null)
{
    /// <summary>The frame's <c>type</c>: <c>"hello"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ClientFrameTypes.Hello;
}
