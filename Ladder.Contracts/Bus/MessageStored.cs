namespace Ladder.Contracts.Bus;

/// <summary>
/// A chat message that JetStream stored as entry <see cref="Seq"/> of the chat log (its stream sequence), relayed by the
/// archiver so that it is written to PostgreSQL. Delivered at least once: consumers must be idempotent on
/// <c>(Room, Seq)</c>. <see cref="TraceParent"/> is the W3C trace context of the chat node's publish, when it had one:
/// a batch travels under one trace, and work on this message alone (isolating it) continues the message's own.
/// </summary>
public sealed record MessageStored(
    string Room, ulong Seq, string Sender, string Text, string ClientMsgId, DateTimeOffset Ts, string? TraceParent = null);
