namespace Ladder.ChatNode.History;

/// <summary>The archive could not answer a history request: the client gets <c>internal</c> and may retry.</summary>
internal sealed class HistoryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
