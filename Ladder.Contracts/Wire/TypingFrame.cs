namespace Ladder.Contracts.Wire;

/// <summary>Both directions: "is typing". From the server it carries <see cref="User"/>.</summary>
public sealed record TypingFrame(string Room, string? User = null)
{
    [JsonPropertyOrder(-1)]
    public string Type => ClientFrameTypes.Typing;
}
