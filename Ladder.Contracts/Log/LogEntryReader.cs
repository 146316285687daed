using System.Text;
using Microsoft.Extensions.Primitives;

namespace Ladder.Contracts.Log;

/// <summary>
/// Reads chat log entries, for every reader of the log: the chat node's fan-out and history, the archiver's relay and
/// its moderation. The headers are NATS's (<c>NatsHeaders</c> is an <see cref="IDictionary{TKey,TValue}"/> of
/// <see cref="StringValues"/>), so this assembly needs no NATS client.
/// </summary>
/// <remarks>
/// <para>The one rule: an entry's kind is its <see cref="LogHeaders.Kind"/> header. An entry without that header, of a
/// kind this version does not know, with a body that is not JSON, or with a body missing a required member (a message's
/// sender, text or client message id; a tombstone's moderator) is <em>not understood</em>: the chat node skips it (its
/// seq still counts as routed, so no member waits for it) and the archiver records it as a dead letter
/// (<c>LogEntryRejected</c>). <see cref="LogEntryWriter"/> always sets the header, so only a foreign or corrupted publish
/// lacks it; reading such an entry as a message would show members text the archive never keeps.</para>
/// <para>Reading allocates only the body's record (and the problem's text when not understood): the fan-out reads
/// every entry once on its hot path.</para>
/// </remarks>
public static class LogEntryReader
{
    public static LogEntry Read(IDictionary<string, StringValues>? headers, ReadOnlySpan<byte> body)
    {
        if (headers is null || !headers.TryGetValue(LogHeaders.Kind, out var values))
        {
            return LogEntry.NotUnderstood($"no {LogHeaders.Kind} header");
        }

        // A single header value: ToString() hands back that string itself.
        var kind = values.ToString();
        try
        {
            switch (kind)
            {
                case LogEntryKinds.Message:
                    var message = JsonSerializer.Deserialize(body, LogJsonContext.Default.StoredMessage);
                    // The generated deserializer leaves missing members null whatever the record says.
                    return message is null || message.Sender is null || message.Text is null || message.ClientMsgId is null
                        ? LogEntry.NotUnderstood("message body without sender, text or clientMsgId")
                        : LogEntry.Of(message);
                case LogEntryKinds.Deleted:
                    var tombstone = JsonSerializer.Deserialize(body, LogJsonContext.Default.StoredTombstone);
                    return tombstone is null || tombstone.Moderator is null
                        ? LogEntry.NotUnderstood("tombstone body without moderator")
                        : LogEntry.Of(tombstone);
                default:
                    return LogEntry.NotUnderstood($"unknown {LogHeaders.Kind} '{kind}'");
            }
        }
        catch (JsonException exception)
        {
            return LogEntry.NotUnderstood($"unreadable {kind} body: {exception.Message}");
        }
    }

    /// <summary>
    /// An entry as JetStream's message-get API returns it: the header block base64-encoded
    /// (<c>NATS/1.0\r\nLadder-Kind: message\r\n\r\n</c>), null when the entry has none.
    /// </summary>
    public static LogEntry ReadStored(string? encodedHeaders, ReadOnlySpan<byte> body) =>
        Read(string.IsNullOrEmpty(encodedHeaders) ? null : ParseHeaderBlock(encodedHeaders), body);

    /// <summary>The trace context the chat node wrote with a message, if any.</summary>
    public static string? TraceParentOf(IDictionary<string, StringValues>? headers) =>
        headers is not null && headers.TryGetValue(LogHeaders.TraceParent, out var value) ? value.ToString() : null;

    private static Dictionary<string, StringValues> ParseHeaderBlock(string encodedHeaders)
    {
        var headers = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        var block = Encoding.UTF8.GetString(Convert.FromBase64String(encodedHeaders));

        // The first line is the version (and status); each further non-empty line is "Name: value".
        foreach (var line in block.Split("\r\n").Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                headers[name] = headers.TryGetValue(name, out var earlier) ? StringValues.Concat(earlier, value) : value;
            }
        }

        return headers;
    }
}
