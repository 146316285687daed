namespace Ladder.Contracts.Wire;

/// <summary>The send is durably stored as <see cref="Seq"/>; <see cref="Duplicate"/> when it had been already.</summary>
public sealed record AckFrame(string Room, string ClientMsgId, ulong Seq, bool Duplicate)
{
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Ack;
}
