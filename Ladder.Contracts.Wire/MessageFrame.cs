namespace Ladder.Contracts.Wire;

/// <summary>Server → client <c>message</c>: a stored message, replayed or live.</summary>
/// <param name="Room">The room.</param>
/// <param name="Seq">Sequence number in the room: strictly increasing, not necessarily dense (do not assume seq+1 exists).</param>
/// <param name="Sender">The user who posted it (the token's subject).</param>
/// <param name="Text">The message text.</param>
/// <param name="Ts">When the node stored it: an RFC 3339 timestamp in UTC (e.g. <c>2025-01-31T12:34:56.789Z</c>), kept as the string sent; parse it with <see cref="DateTimeOffset.Parse(string, IFormatProvider)"/> and the invariant culture.</param>
/// <param name="ClientMsgId">The sender's idempotency key (lets a sender match its own message to its ack).</param>
/// <param name="SenderKind">v1.1: absent for a user's message; <see cref="SenderKinds.Bot"/> or
/// <see cref="SenderKinds.System"/> for one the app's backend posted through the server API.</param>
public sealed record MessageFrame(string Room, ulong Seq, string Sender, string Text, string Ts, string ClientMsgId, string? SenderKind = null)
{
    /// <summary>The frame's <c>type</c>: <c>"message"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Message;
}
