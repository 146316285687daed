using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Ladder.ChatNode.Transport;
using Ladder.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Ladder.Tests.ChatNode;

/// <summary>Mutated upgrade request heads (<see cref="UpgradeHeadMutator"/>): the bare-connection reader takes only a
/// head a strict, independent reading of RFC 9112 (with Kestrel's header names) also finds well-formed, and never throws; over real sockets
/// every head gets a documented HTTP status or a close, never a hang, and the node stays healthy.</summary>
[Collection(LadderCollection.Name)]
public sealed partial class UpgradeFuzzTests(LadderAppFixture fixture)
{
    private const int InProcessHeads = 120_000;
    private const int SocketHeads = 3_000;
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);

    // 101 taken; 400 malformed or foreign Host; 401 no valid token; 403 origin; 404/405 another path or method;
    // 414/431 over Kestrel's limits; 429 the user's connection limit; 505 an HTTP version Kestrel does not speak.
    // (And 200 for the mutator's GET /health and GET /sse, which are no upgrades at all.)
    private static readonly HashSet<int> DocumentedStatuses = [101, 400, 401, 403, 404, 405, 414, 429, 431, 505];

    private static readonly KestrelServerLimits Limits = new();

    [Fact]
    public void TheHeadReaderTakesOnlyWellFormedUpgradesAmong120000MutatedHeadsAndNeverThrows()
    {
        var mutator = new UpgradeHeadMutator(seed: 12, host: "127.0.0.1:5101", tokens: ["aaa.bbb.ccc", "ddd.eee.fff"]);
        int taken = 0, webSockets = 0, declined = 0, incomplete = 0;
        for (var i = 0; i < InProcessHeads; i++)
        {
            var input = mutator.Next();
            HeadScan scan;
            UpgradeRequestHead? head;
            int length;
            try
            {
                scan = UpgradeRequestHead.Scan(new ReadOnlySequence<byte>(input), Limits, out head, out length);
            }
            catch (Exception exception)
            {
                Assert.Fail($"head {i} ({Printable(input)}) threw {exception}");
                return;
            }

            switch (scan)
            {
                case HeadScan.Upgrade:
                    taken++;
                    var expected = IndependentRead(input);
                    Assert.True(expected is not null, $"head {i} was taken but is not a well-formed GET /ws head: {Printable(input)}");
                    Assert.Equal(expected.Value.Length, length);
                    Assert.Equal(expected.Value.Head, head);
                    Assert.Equal(IsWebSocketHandshake(expected.Value.Head), head!.IsWebSocketRequest);
                    webSockets += head.IsWebSocketRequest ? 1 : 0;
                    break;
                case HeadScan.Incomplete:
                    incomplete++;
                    Assert.Null(head);
                    // Only a head that has not ended yet may be waited for.
                    Assert.True(input.AsSpan().IndexOf("\r\n\r\n"u8) < 0, $"head {i} is complete but was left waiting: {Printable(input)}");
                    break;
                default:
                    declined++;
                    Assert.Null(head);
                    break;
            }
        }

        // The mutations are meant to break heads, but one in ten is left whole or kept valid.
        Assert.InRange(declined + incomplete, InProcessHeads / 2, InProcessHeads);
        Assert.InRange(webSockets, InProcessHeads / 20, InProcessHeads);
        Assert.Equal(InProcessHeads, taken + declined + incomplete);
    }

    [Fact]
    public async Task ThreeThousandMutatedHeadsOverSocketsGetADocumentedStatusOrACloseAndTheNodeStaysHealthy()
    {
        var node = fixture.ChatNode(1);
        var users = Enumerable.Range(0, 4).Select(i => $"upgrade-fuzz-{i}").ToList();
        var tokens = new List<string>();
        foreach (var user in users)
        {
            tokens.Add(await TestSocket.TokenAsync(node, user));
        }

        var mutator = new UpgradeHeadMutator(seed: 1212, host: node.Authority, tokens: tokens);
        var heads = Enumerable.Range(0, SocketHeads).Select(_ => mutator.Next()).ToList();
        var answers = new int[SocketHeads];
        var elapsed = Stopwatch.StartNew();
        using var overall = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await Parallel.ForAsync(0, SocketHeads, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = overall.Token }, async (i, cancellationToken) =>
        {
            answers[i] = await AnswerAsync(node, heads[i], cancellationToken);
        });
        elapsed.Stop();

        var byAnswer = answers.GroupBy(answer => answer).OrderBy(group => group.Key).Select(group => $"{group.Key}: {group.Count()}");
        var undocumented = Enumerable.Range(0, SocketHeads).Where(i => answers[i] > 0 && !DocumentedStatuses.Contains(answers[i])
            && !(answers[i] == 200 && (heads[i].AsSpan().StartsWith("GET /health "u8) || heads[i].AsSpan().StartsWith("GET /sse "u8)))).ToList();
        Assert.True(undocumented.Count == 0, $"undocumented statuses ({string.Join(", ", byAnswer)}): " +
            string.Join(" | ", undocumented.Take(3).Select(i => $"{answers[i]} for {Printable(heads[i])}")));
        var hung = Enumerable.Range(0, SocketHeads).Where(i => answers[i] == Hung).ToList();
        Assert.True(hung.Count == 0, $"no answer within {AnswerTimeout.TotalSeconds} s ({string.Join(", ", byAnswer)}): " +
            string.Join(" | ", hung.Take(3).Select(i => Printable(heads[i]))));
        Assert.Contains(101, answers);
        Assert.Contains(400, answers);
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(60), $"{SocketHeads} heads took {elapsed.Elapsed}");

        using var http = fixture.CreateHttpClient("chat-1");
        using var health = await http.GetAsync("/health");
        Assert.True(health.IsSuccessStatusCode, $"/health: {(int)health.StatusCode}");
        await using var after = await TestSocket.ConnectAsync(node, "upgrade-fuzz-after");
        await after.JoinAsync(Rooms.New());
    }

    private const int Closed = 0;
    private const int Hung = -1;

    /// <summary>The status of the answer, <see cref="Closed"/> when the node closed without one, <see cref="Hung"/>
    /// when nothing came within <see cref="AnswerTimeout"/>. A head cut short (no blank line) is followed by the end of
    /// what the client sends, so that it is not waited for; a whole head is not, as Kestrel (and the direct upgrade,
    /// like it) takes a client's FIN for the client going away and closes without answering.</summary>
    private static async Task<int> AnswerAsync(Uri node, byte[] head, CancellationToken cancellationToken)
    {
        using var client = new TcpClient { NoDelay = true, LingerState = new LingerOption(true, 0) };
        await client.ConnectAsync(node.Host, node.Port, cancellationToken);
        var stream = client.GetStream();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AnswerTimeout);
        try
        {
            await stream.WriteAsync(head, timeout.Token);
            if (head.AsSpan().IndexOf("\r\n\r\n"u8) < 0)
            {
                client.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (IOException)
        {
            // Kestrel may close a connection whose head it refused before all of it was written: read its answer.
        }

        var received = new List<byte>();
        var buffer = new byte[4096];
        try
        {
            while (received.Count < 64 * 1024)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                received.AddRange(buffer.AsSpan(0, read));
                if (received.Count >= 12 && CollectionsMarshalSpan(received).IndexOf("\r\n"u8) > 0)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Hung;
        }
        catch (IOException)
        {
            // A reset after (or instead of) an answer.
        }

        if (received.Count == 0)
        {
            return Closed;
        }

        // "PRI * HTTP/2.0" is HTTP/2's preface: Kestrel answers in HTTP/2, a GOAWAY frame (type 7), and closes.
        if (received.Count >= 9 && received[3] == 0x07 && head.AsSpan().StartsWith("PRI * HTTP/2.0\r\n"u8))
        {
            return Closed;
        }

        var line = Encoding.Latin1.GetString([.. received]).Split("\r\n")[0];
        var match = StatusLine().Match(line);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 999;
    }

    private static ReadOnlySpan<byte> CollectionsMarshalSpan(List<byte> bytes) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);

    /// <summary>
    /// The head as RFC 9112 reads it, strictly and without the node's code: a <c>GET /ws</c> HTTP/1.1 request line of
    /// visible ASCII, header lines of a name (visible ASCII, as Kestrel takes it), a colon and a value of visible ASCII, spaces and tabs; CRLF line
    /// ends only; no obsolete folding; no body; exactly one plain Host; within Kestrel's limits. Null when it is not.
    /// </summary>
    private static (UpgradeRequestHead Head, int Length)? IndependentRead(byte[] input)
    {
        var end = input.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return null;
        }

        var text = Encoding.Latin1.GetString(input, 0, end);
        var lines = text.Split("\r\n");
        var requestLine = RequestLine().Match(lines[0]);
        if (!requestLine.Success || lines[0].Length + 2 > Limits.MaxRequestLineSize)
        {
            return null;
        }

        var headerBytes = 0;
        var fields = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var field = HeaderLine().Match(line);
            if (!field.Success)
            {
                return null;
            }

            headerBytes += line.Length + 2;
            var values = fields.TryGetValue(field.Groups[1].Value, out var found) ? found : fields[field.Groups[1].Value] = [];
            values.Add(field.Groups[2].Value.Trim(' ', '\t'));
        }

        if (lines.Length - 1 > Limits.MaxRequestHeaderCount || headerBytes > Limits.MaxRequestHeadersTotalSize
            || fields.ContainsKey("Content-Length") || fields.ContainsKey("Transfer-Encoding")
            || !fields.TryGetValue("Host", out var hosts) || hosts.Count != 1 || !PlainHost().IsMatch(hosts[0]))
        {
            return null;
        }

        string? One(string name) => fields.TryGetValue(name, out var values) ? values.Single() : null;
        var head = new UpgradeRequestHead(
            requestLine.Groups[1].Value, hosts[0], One("Upgrade"), One("Connection"), One("Sec-WebSocket-Key"),
            One("Sec-WebSocket-Version"), One("Authorization"), One("Origin"));
        return (head, end + 4);
    }

    /// <summary>RFC 6455 4.2.1, read independently: Upgrade websocket, Connection with the upgrade token, version
    /// 13, a key of 16 bytes in base64.</summary>
    private static bool IsWebSocketHandshake(UpgradeRequestHead head)
    {
        if (!"websocket".Equals(head.Upgrade, StringComparison.OrdinalIgnoreCase) || head.Version != "13" || head.Key is null
            || head.Connection is null || !Regex.IsMatch(head.Connection, @"(^|,)[ \t]*upgrade[ \t]*(,|$)", RegexOptions.IgnoreCase))
        {
            return false;
        }

        try
        {
            return head.Key.Length == 24 && Convert.FromBase64String(head.Key).Length == 16;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string Printable(byte[] input)
    {
        var text = Encoding.Latin1.GetString(input, 0, Math.Min(input.Length, 600)).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);
        return input.Length > 600 ? $"{text}… ({input.Length} bytes)" : text;
    }

    [GeneratedRegex(@"^GET /ws(\?[\x21-\x22\x24-\x7E]*)? HTTP/1\.1$")]
    private static partial Regex RequestLine();

    // name ":" OWS field-value OWS. The name is any visible ASCII but the colon, not only RFC 9110's token: Kestrel
    // answers 200 to a name like "X[y]" (checked live), and the direct upgrade is to take exactly what Kestrel takes.
    [GeneratedRegex(@"^([\x21-\x39\x3B-\x7E]+):([\x20-\x7E\t]*)$")]
    private static partial Regex HeaderLine();

    // A reg-name of unreserved characters or a bracketed IPv6 literal, an optional port (RFC 3986 3.2.2).
    [GeneratedRegex(@"^([A-Za-z0-9\-._~]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?$")]
    private static partial Regex PlainHost();

    [GeneratedRegex(@"^HTTP/1\.1 ([0-9]{3}) ")]
    private static partial Regex StatusLine();
}
