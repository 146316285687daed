namespace Ladder.Contracts.Wire;

/// <summary>Answer of <c>POST /rooms/{room}/messages</c>: the same facts as an <see cref="AckFrame"/>.</summary>
/// <param name="Room">The room.</param>
/// <param name="ClientMsgId">The idempotency key, as sent.</param>
/// <param name="Seq">The message's seq (the original one for a resend).</param>
/// <param name="Duplicate">True when this clientMsgId had been stored already.</param>
public sealed record PostMessageResponse(string Room, string ClientMsgId, ulong Seq, bool Duplicate);
