namespace Ladder.Contracts.Wire;

/// <summary>Server → client <c>ack</c>: the send is durably stored (it survives a process or broker restart).</summary>
/// <param name="Room">The room the message was posted to.</param>
/// <param name="ClientMsgId">The sender's idempotency key, as sent.</param>
/// <param name="Seq">The message's sequence number in the room (the original one for a resend).</param>
/// <param name="Duplicate">True when this clientMsgId had been stored already: a resend, no second message exists.</param>
public sealed record AckFrame(string Room, string ClientMsgId, ulong Seq, bool Duplicate)
{
    /// <summary>The frame's <c>type</c>: <c>"ack"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Ack;
}
