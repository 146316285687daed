namespace Ladder.Contracts.Wire;

/// <summary>A refused frame. <see cref="Ref"/> is its clientMsgId when it had one, else its type.</summary>
public sealed record ErrorFrame(string Code, string Message, string? Ref = null, long? RetryAfterMs = null)
{
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Error;
}
