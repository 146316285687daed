namespace Ladder.Contracts.Wire;

/// <summary>A stored message, replayed or live. <see cref="Ts"/> is RFC 3339 UTC.</summary>
public sealed record MessageFrame(string Room, ulong Seq, string Sender, string Text, string Ts, string ClientMsgId)
{
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Message;
}
