namespace Ladder.Contracts.Wire;

/// <summary>Client → server <c>send</c>: post a message; answered by <see cref="AckFrame"/> or <see cref="ErrorFrame"/>.</summary>
/// <param name="Room">A room the connection has joined.</param>
/// <param name="ClientMsgId">The idempotency key: <c>(room, user, clientMsgId)</c> stores at most one message, so a resend is safe.</param>
/// <param name="Text">The message text (at most the node's text limit, 4096 UTF-16 code units by default; not blank).</param>
public sealed record SendFrame(string Room, string ClientMsgId, string Text)
{
    /// <summary>The frame's <c>type</c>: <c>"send"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ClientFrameTypes.Send;
}
