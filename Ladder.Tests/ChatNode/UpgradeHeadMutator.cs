using System.Text;

namespace Ladder.Tests.ChatNode;

/// <summary>Generates malformed WebSocket upgrade request heads from valid ones, deterministically from a seed: byte
/// flips, truncations, repeated, missing and oversized headers, odd Hosts, keys and versions, CR/LF games, folded
/// lines, NULs, huge request lines, many headers, other methods, paths and versions.</summary>
public sealed class UpgradeHeadMutator
{
    private static readonly string[] BadHosts =
    [
        "", " ", "evil.example", "evil.example:80", "a b", "a/b", "a@b:80", "localhost:", "localhost:80x", "localhost:123456",
        "[::1", "::1", "[::1]x", "[zz::1]:80", "local\u00e9host", "127.0.0.1:-1", "127.0.0.1:0080", "*", "%6cocalhost",
        "localhost, 127.0.0.1", "localhost\t", "[::1]:5101:1", "..", new string('a', 300),
    ];

    private static readonly string[] BadKeys =
    [
        "", "short", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZQ===", "dGhlIHNhbXBsZSBub25jZQ==x", "!!!!!!!!!!!!!!!!!!!!!!==",
        "dGhlIHNhbXBsZSBub25jZXh4eA==", "dGhl IHNhbXBsZSBub25jZQ==", "AAAAAAAAAAAAAAAAAAAAAA==, AAAAAAAAAAAAAAAAAAAAAA==",
    ];

    private static readonly string[] BadVersions = ["", "8", "12", "14", "13, 8", "013", "13.0", "+13", "thirteen", "99999999999999999999"];

    private static readonly string[] RequestLines =
    [
        "POST /ws HTTP/1.1", "get /ws HTTP/1.1", "HEAD /ws HTTP/1.1", "PUT /ws HTTP/1.1", "CONNECT /ws HTTP/1.1", "OPTIONS * HTTP/1.1",
        "GET /WS HTTP/1.1", "GET /ws/ HTTP/1.1", "GET /wsx HTTP/1.1", "GET /ws/../ws HTTP/1.1", "GET /%77s HTTP/1.1", "GET ws HTTP/1.1",
        "GET http://localhost/ws HTTP/1.1", "GET /ws#x HTTP/1.1", "GET /ws HTTP/1.0", "GET /ws HTTP/2.0", "GET /ws HTTP/1.2",
        "GET /ws HTTP/1.1 ", "GET  /ws HTTP/1.1", "GET /ws  HTTP/1.1", "GET /ws", "GET /ws HTTP/1.1 extra", "GET\t/ws HTTP/1.1",
        "PRI * HTTP/2.0", "GET /sse HTTP/1.1", "GET /health HTTP/1.1", "GET /ws?x=\u00e9 HTTP/1.1", "GET /ws?a b HTTP/1.1",
    ];

    private static readonly string[] OddNames = ["X(y)", "X\"y", "X/y", "X[y]", "X{y}", "X=y", "X,y", "X;y", "X@y", "X\\y", "X?y"];

    private readonly Random random;
    private readonly string[] valid;

    /// <param name="host">The Host of the valid heads (the node's own, so that a head left whole is accepted).</param>
    /// <param name="tokens">Tokens to put in the query or the Authorization header; none makes heads without one.</param>
    public UpgradeHeadMutator(int seed, string host, IReadOnlyList<string> tokens)
    {
        random = new Random(seed);
        valid = [.. (tokens.Count == 0 ? ["no.token.here"] : tokens).SelectMany(token => new[]
        {
            Head("/ws?access_token=" + token, host, ""),
            Head("/ws", host, $"Authorization: Bearer {token}\r\n"),
            Head("/ws", host, $"Authorization: Bearer {token}\r\nOrigin: http://{host}\r\nUser-Agent: fuzz/1.0\r\n"),
            Head("/ws?access_token=" + token, host, "Sec-WebSocket-Extensions: permessage-deflate\r\nCache-Control: no-cache\r\n"),
        })];
    }

    public static string Head(string target, string? host, string extraHeaders) =>
        $"GET {target} HTTP/1.1\r\n" + (host is null ? "" : $"Host: {host}\r\n") +
        "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
        extraHeaders + "\r\n";

    public byte[] Next()
    {
        var head = Encoding.ASCII.GetBytes(valid[random.Next(valid.Length)]);
        // One in ten is left whole: the accepting path is fuzzed too (with mutations that keep it valid, below).
        var mutations = random.Next(10) == 0 ? 0 : 1 + random.Next(3);
        for (var i = 0; i < mutations; i++)
        {
            head = Mutate(head);
        }

        return head;
    }

    private byte[] Mutate(byte[] head) => random.Next(16) switch
    {
        0 => Flip(head),
        1 => head[..random.Next(head.Length + 1)],
        2 => Lines(head, lines => lines.Insert(1 + random.Next(lines.Count - 1), lines[random.Next(lines.Count)])),
        3 => Lines(head, lines => lines.RemoveAt(random.Next(lines.Count))),
        4 => Lines(head, lines => lines.Insert(1 + random.Next(lines.Count), $"X-Big: {new string('b', random.Next(1, 40_000))}")),
        5 => Lines(head, lines => lines.InsertRange(1 + random.Next(lines.Count), Enumerable.Range(0, random.Next(50, 150)).Select(i => $"X-H{i}: v"))),
        6 => Header(head, "Host", Pick(BadHosts)),
        7 => Header(head, random.Next(2) == 0 ? "Sec-WebSocket-Key" : "Sec-WebSocket-Version", random.Next(2) == 0 ? Pick(BadKeys) : Pick(BadVersions)),
        8 => CrLfGame(head),
        9 => Lines(head, lines => lines.Insert(1 + random.Next(lines.Count), (random.Next(2) == 0 ? " " : "\t") + "folded continuation")),
        10 => Insert(head, random.Next(2) == 0 ? [0] : [(byte)random.Next(256)]),
        11 => Lines(head, lines => lines[0] = lines[0].Replace(" HTTP/1.1", "&pad=" + new string('p', random.Next(6_000, 12_000)) + " HTTP/1.1", StringComparison.Ordinal)),
        12 => Lines(head, lines => lines[0] = Pick(RequestLines)),
        13 => Lines(head, lines => lines.Insert(1 + random.Next(lines.Count), random.Next(3) switch
        {
            0 => "Host : localhost",
            1 => $"{Pick(OddNames)}: v",
            _ => ": no name",
        })),
        14 => Lines(head, lines => lines.Insert(1 + random.Next(lines.Count), random.Next(2) == 0 ? "Content-Length: 5" : "Transfer-Encoding: chunked")),
        // Mutations a valid head survives: case, spacing and order of headers, a harmless extra header.
        _ => Lines(head, lines =>
        {
            var at = 1 + random.Next(Math.Max(1, lines.Count - 1));
            if (at < lines.Count && lines[at].IndexOf(':', StringComparison.Ordinal) is > 0 and var colon)
            {
                lines[at] = (random.Next(2) == 0 ? lines[at][..colon].ToUpperInvariant() : lines[at][..colon].ToLowerInvariant()) + ":\t " + lines[at][(colon + 1)..].Trim() + " ";
            }

            lines.Insert(1 + random.Next(lines.Count), $"X-Extra-{random.Next(1000)}: {random.Next()}");
        }),
    };

    private string Pick(string[] choices) => choices[random.Next(choices.Length)];

    private byte[] Flip(byte[] head)
    {
        if (head.Length == 0)
        {
            return head;
        }

        var copy = (byte[])head.Clone();
        copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        return copy;
    }

    private byte[] Insert(byte[] head, byte[] bytes)
    {
        var at = random.Next(head.Length + 1);
        return [.. head[..at], .. bytes, .. head[at..]];
    }

    /// <summary>Edits the head's lines (request line first, no blank line); a head already broken apart may lose its
    /// end, which is itself a mutation.</summary>
    private static byte[] Lines(byte[] head, Action<List<string>> edit)
    {
        var text = Encoding.Latin1.GetString(head);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = (end < 0 ? text : text[..end]).Split("\r\n").ToList();
        if (lines.Count == 0)
        {
            return head;
        }

        edit(lines);
        var rest = end < 0 ? "" : text[end..];
        return Encoding.Latin1.GetBytes(string.Join("\r\n", lines) + rest);
    }

    /// <summary>Sets a header's value, or adds the header when the head has none.</summary>
    private static byte[] Header(byte[] head, string name, string value) => Lines(head, lines =>
    {
        var at = lines.FindIndex(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase));
        if (at > 0)
        {
            lines[at] = $"{name}: {value}";
        }
        else
        {
            lines.Add($"{name}: {value}");
        }
    });

    /// <summary>Line ends that are not CRLF: bare LF, bare CR, an early blank line, CRLF inside a line.</summary>
    private byte[] CrLfGame(byte[] head)
    {
        var text = Encoding.Latin1.GetString(head);
        var crlfs = new List<int>();
        for (var i = text.IndexOf("\r\n", StringComparison.Ordinal); i >= 0; i = text.IndexOf("\r\n", i + 2, StringComparison.Ordinal))
        {
            crlfs.Add(i);
        }

        if (crlfs.Count == 0)
        {
            return Insert(head, "\r\n"u8.ToArray());
        }

        var at = crlfs[random.Next(crlfs.Count)];
        var changed = random.Next(5) switch
        {
            0 => text[..at] + "\n" + text[(at + 2)..],
            1 => text[..at] + "\r" + text[(at + 2)..],
            2 => text[..at] + "\r\n\r\n" + text[(at + 2)..],
            3 => text[..at] + "\n\r" + text[(at + 2)..],
            _ => text.Insert(random.Next(text.Length + 1), random.Next(2) == 0 ? "\r" : "\n"),
        };
        return Encoding.Latin1.GetBytes(changed);
    }
}
