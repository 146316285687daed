namespace Ladder.Contracts.Log;

/// <summary>The body of a chat message in the log. Its seq is the JetStream stream sequence; its room, the subject.</summary>
public sealed record StoredMessage(string Sender, string Text, string ClientMsgId, DateTimeOffset Ts);
