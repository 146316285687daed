namespace Ladder.Contracts.Wire;

/// <summary>Answer of <c>POST /rooms/{room}/messages</c>: the same facts as an <c>ack</c>.</summary>
public sealed record PostMessageResponse(string Room, string ClientMsgId, ulong Seq, bool Duplicate);
