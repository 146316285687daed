namespace Ladder.ChatNode.History;

/// <summary>
/// The archive cannot answer right now: PostgreSQL is unreachable, or its schema is not there yet (the archiver applies the
/// migrations at start). Answer <c>internal</c> (HTTP 503) and let the client try again; never a crash.
/// </summary>
public sealed class HistoryUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
