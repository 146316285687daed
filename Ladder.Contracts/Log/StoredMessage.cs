namespace Ladder.Contracts.Log;

/// <summary>The body of a chat message in the log. Its seq is the JetStream stream sequence; its room, the subject.</summary>
/// <param name="SenderKind">Absent for a user's message; <c>bot</c> or <c>system</c> for one the server API posted
/// (older entries and readers without it see a user's message, which is what v1 clients are shown).</param>
public sealed record StoredMessage(string Sender, string Text, string ClientMsgId, DateTimeOffset Ts, string? SenderKind = null);
