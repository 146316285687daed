using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Ladder.ChatNode.Transport;

/// <summary>What reading the start of a connection found. Public only because xUnit theories (public methods) take it.</summary>
public enum HeadScan
{
    /// <summary>It may be a <c>GET /ws</c> upgrade, but its head has not all arrived yet.</summary>
    Incomplete,

    /// <summary>Anything else: Kestrel's HTTP/1.1 server reads it, exactly as sent.</summary>
    NotUpgrade,

    /// <summary>A complete, well-formed <c>GET /ws</c> request head with a Host and no body, within Kestrel's limits.</summary>
    Upgrade,
}

/// <summary>
/// The head of a <c>GET /ws</c> HTTP/1.1 request, read straight off a connection so that a WebSocket can be accepted
/// without Kestrel's HTTP request objects staying alive under it. Only the headers the upgrade needs are kept.
/// </summary>
/// <remarks>
/// Deliberately strict: anything unusual (another method or path, HTTP/1.0, a body, a repeated header of interest,
/// folded lines, bytes outside printable ASCII, no or an odd <c>Host</c>, a request line or headers past Kestrel's
/// limits) is <see cref="HeadScan.NotUpgrade"/>, so Kestrel parses it and answers exactly as it would without this
/// reader (400, 414, 431).
/// </remarks>
internal sealed record UpgradeRequestHead(
    string Query,
    string? Host,
    string? Upgrade,
    string? Connection,
    string? Key,
    string? Version,
    string? Authorization,
    string? Origin)
{
    private static ReadOnlySpan<byte> Prefix => "GET /ws"u8;

    private static ReadOnlySpan<byte> EndOfHead => "\r\n\r\n"u8;

    /// <param name="buffer">What the connection has sent so far.</param>
    /// <param name="limits">Kestrel's: a request line, header bytes or header count past them is left to Kestrel, which
    /// answers 414 or 431 (the same arithmetic as Kestrel's <c>Http1Connection</c>).</param>
    /// <param name="head">The head, when the result is <see cref="HeadScan.Upgrade"/>.</param>
    /// <param name="length">Bytes of the head including the blank line, when the result is <see cref="HeadScan.Upgrade"/>.</param>
    public static HeadScan Scan(ReadOnlySequence<byte> buffer, KestrelServerLimits limits, out UpgradeRequestHead? head, out int length)
    {
        head = null;
        length = 0;
        var start = buffer.Length >= Prefix.Length + 1 ? buffer.Slice(0, Prefix.Length + 1) : buffer;
        Span<byte> first = stackalloc byte[Prefix.Length + 1];
        start.CopyTo(first);
        first = first[..(int)start.Length];
        var compared = Math.Min(first.Length, Prefix.Length);
        if (!first[..compared].SequenceEqual(Prefix[..compared])
            || (first.Length > Prefix.Length && first[Prefix.Length] is not ((byte)' ' or (byte)'?')))
        {
            return HeadScan.NotUpgrade;
        }

        // The longest head Kestrel accepts: the request line with its CRLF, the header lines with theirs, the blank line.
        var maxBytes = (long)limits.MaxRequestLineSize + limits.MaxRequestHeadersTotalSize + 2;
        var window = buffer.Length > maxBytes ? buffer.Slice(0, maxBytes) : buffer;
        var reader = new SequenceReader<byte>(window);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> _, EndOfHead, advancePastDelimiter: true))
        {
            return buffer.Length >= maxBytes ? HeadScan.NotUpgrade : HeadScan.Incomplete;
        }

        length = (int)reader.Consumed;
        var bytes = window.Slice(0, length).ToArray();
        head = Parse(bytes.AsSpan(0, length - 2), limits);
        return head is null ? HeadScan.NotUpgrade : HeadScan.Upgrade;
    }

    /// <summary>True when the head asks for a version 13 WebSocket with a well-formed key.</summary>
    public bool IsWebSocketRequest =>
        string.Equals(Upgrade, "websocket", StringComparison.OrdinalIgnoreCase)
        && Connection is { } connection
        && connection.Split(',').Any(token => token.Trim().Equals("upgrade", StringComparison.OrdinalIgnoreCase))
        && Version == "13"
        && Key is { } key && WebSocketUpgrade.IsValidKey(key);

    /// <summary>The request line and header lines, each ending in CRLF; null when not a plain <c>GET /ws</c>.</summary>
    private static UpgradeRequestHead? Parse(ReadOnlySpan<byte> lines, KestrelServerLimits limits)
    {
        foreach (var b in lines)
        {
            if (b is < 0x20 and not ((byte)'\r' or (byte)'\n' or (byte)'\t') || b >= 0x7F)
            {
                return null;
            }
        }

        var end = lines.IndexOf("\r\n"u8);
        if (end + 2 > limits.MaxRequestLineSize || lines.Length - (end + 2) > limits.MaxRequestHeadersTotalSize)
        {
            return null;
        }

        var requestLine = lines[..end];
        var version = " HTTP/1.1"u8;
        if (!requestLine.EndsWith(version))
        {
            return null;
        }

        var target = requestLine[4..^version.Length];
        if (target.IndexOfAny(" #\r\n"u8) >= 0)
        {
            return null;
        }

        string? host = null, upgrade = null, connection = null, key = null, webSocketVersion = null, authorization = null, origin = null;
        var rest = lines[(end + 2)..];
        var count = 0;
        while (!rest.IsEmpty)
        {
            if (++count > limits.MaxRequestHeaderCount)
            {
                return null;
            }

            end = rest.IndexOf("\r\n"u8);
            var line = rest[..end];
            rest = rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line.IndexOfAny((byte)'\r', (byte)'\n') >= 0 || line[0] is (byte)' ' or (byte)'\t' || line[..colon].IndexOfAny((byte)' ', (byte)'\t') >= 0)
            {
                return null;
            }

            var name = Encoding.ASCII.GetString(line[..colon]);
            var value = Encoding.ASCII.GetString(line[(colon + 1)..]).Trim(' ', '\t');
            var slot = name.ToLowerInvariant() switch
            {
                "host" => Set(ref host, value),
                "upgrade" => Set(ref upgrade, value),
                "connection" => Set(ref connection, value),
                "sec-websocket-key" => Set(ref key, value),
                "sec-websocket-version" => Set(ref webSocketVersion, value),
                "authorization" => Set(ref authorization, value),
                "origin" => Set(ref origin, value),
                "content-length" or "transfer-encoding" => false,
                _ => true,
            };
            if (!slot)
            {
                return null;
            }
        }

        if (!IsPlainHost(host))
        {
            return null;
        }

        var query = target[3..];
        return new UpgradeRequestHead(Encoding.ASCII.GetString(query), host, upgrade, connection, key, webSocketVersion, authorization, origin);
    }

    /// <summary>
    /// A <c>Host</c> of a name or an IPv4 or bracketed IPv6 address, with an optional port: what any client connecting
    /// to the node sends. Anything else (absent, empty, odd characters) is for Kestrel to judge.
    /// </summary>
    private static bool IsPlainHost(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        var name = host;
        var colon = host.LastIndexOf(':');
        if (colon >= 0 && colon > host.LastIndexOf(']'))
        {
            var port = host[(colon + 1)..];
            if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit))
            {
                return false;
            }

            name = host[..colon];
        }

        if (name.Length > 2 && name[0] == '[' && name[^1] == ']')
        {
            return name[1..^1].All(c => char.IsAsciiHexDigit(c) || c is ':' or '.');
        }

        return name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~');
    }

    /// <summary>False for a second occurrence: which one counts is Kestrel's call, so the request goes to it.</summary>
    private static bool Set(ref string? slot, string value)
    {
        if (slot is not null)
        {
            return false;
        }

        slot = value;
        return true;
    }
}
