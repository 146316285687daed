namespace Ladder.ChatNode.ChatLog;

/// <summary>The durable log could not be reached or refused the operation: answer <c>internal</c>, never a false ack.</summary>
internal sealed class LogUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
