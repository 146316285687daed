using Microsoft.Extensions.Primitives;

namespace Ladder.Contracts.Log;

/// <summary>
/// Writes chat log entries: the <see cref="LogHeaders.Kind"/> header and the JSON body of each kind. Every writer of
/// the log (the chat node's sends, the archiver's tombstones, the tests and the bench) goes through here, so that
/// <see cref="LogEntryReader"/> understands everything Ladder writes.
/// </summary>
public static class LogEntryWriter
{
    /// <summary>A message's body; sets its kind (and <paramref name="traceParent"/>, when given) in <paramref name="headers"/>.</summary>
    public static byte[] Message(StoredMessage message, IDictionary<string, StringValues> headers, string? traceParent = null)
    {
        headers[LogHeaders.Kind] = LogEntryKinds.Message;
        if (traceParent is not null)
        {
            headers[LogHeaders.TraceParent] = traceParent;
        }

        return JsonSerializer.SerializeToUtf8Bytes(message, LogJsonContext.Default.StoredMessage);
    }

    /// <summary>A tombstone's body; sets its kind in <paramref name="headers"/>.</summary>
    public static byte[] Tombstone(StoredTombstone tombstone, IDictionary<string, StringValues> headers)
    {
        headers[LogHeaders.Kind] = LogEntryKinds.Deleted;
        return JsonSerializer.SerializeToUtf8Bytes(tombstone, LogJsonContext.Default.StoredTombstone);
    }
}
