using System.Diagnostics;
using Ladder.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ladder.Tests.Access;

/// <summary>
/// Figures for docs/benchmarks.md, printed, never asserted (times on a shared machine are not a test): joins/s into open
/// rooms, into private rooms through the token's <c>rooms</c> claim and through the join hook; and a resume storm of
/// 1,000 clients, each a distinct user whose <c>hello</c> resumes one hooked room (the same one), cold and then again
/// with the hook's cache warm. Opens over a thousand sockets, so it runs only with <c>LADDER_FIGURES=1</c>.
/// </summary>
[Collection(LadderCollection.Name)]
public sealed class JoinFigures(LadderAppFixture fixture, ITestOutputHelper output)
{
    private const int Sockets = 10;
    private const int RoomsPerSocket = 20;
    private const int Rounds = 5;
    private const int StormClients = 1000;

    private static bool Enabled => Environment.GetEnvironmentVariable("LADDER_FIGURES") == "1";

    [Fact]
    public async Task JoinsPerSecondWithAndWithoutGrants()
    {
        if (!Enabled)
        {
            output.WriteLine("LADDER_FIGURES=1 to measure");
            return;
        }

        var key = await TestTokens.SigningKeyAsync(fixture.App);
        await using var backend = new JoinHookBackend(fixture.JoinHookUrl, fixture.JoinHookSecret, 200, """{"allow":true,"send":true,"ttlSeconds":30}""");
        var figures = new Dictionary<string, List<double>> { ["open"] = [], ["token grant"] = [], ["hook, cold"] = [] };
        for (var round = 0; round < Rounds; round++)
        {
            // Interleaved, so a slow moment of the machine does not land on one variant alone.
            figures["open"].Add(await JoinsPerSecondAsync(key, _ => Rooms.New("o"), prefix: null));
            figures["token grant"].Add(await JoinsPerSecondAsync(key, _ => "team:" + Rooms.New("t"), prefix: "team:"));
            figures["hook, cold"].Add(await JoinsPerSecondAsync(key, _ => "hooked:" + Rooms.New("k"), prefix: null));
        }

        var open = Median(figures["open"]);
        foreach (var (name, values) in figures)
        {
            output.WriteLine($"{name,-12} median {Median(values),8:F0} joins/s ({string.Join(", ", values.Select(v => v.ToString("F0")))}); ratio to open {Median(values) / open:F2}");
        }

        output.WriteLine($"hook requests: {backend.Requests} for {Rounds * Sockets * RoomsPerSocket} hooked joins");
    }

    [Fact]
    public async Task AResumeStormOfAThousandClientsIntoOneHookedRoom()
    {
        if (!Enabled)
        {
            output.WriteLine("LADDER_FIGURES=1 to measure");
            return;
        }

        var key = await TestTokens.SigningKeyAsync(fixture.App);
        var room = "hooked:" + Rooms.New("storm");
        var users = Enumerable.Range(0, StormClients).Select(i => $"storm{i}-{Guid.NewGuid():N}"[..20]).ToArray();
        await using var backend = new JoinHookBackend(fixture.JoinHookUrl, fixture.JoinHookSecret, 200, """{"allow":true,"send":true,"ttlSeconds":30}""");
        foreach (var storm in new[] { "cold cache", "warm cache" })
        {
            var before = backend.Requests;
            var sockets = await ConnectAllAsync(key, users);
            try
            {
                var clock = Stopwatch.StartNew();
                var answers = await Task.WhenAll(sockets.Select(async socket =>
                {
                    await socket.SendAsync(new { type = "hello", resume = new Dictionary<string, ulong> { [room] = 0 } });
                    // joined, or the refusal (a backend overrun by the storm answers too late: hook_unavailable).
                    var first = await socket.NextAsync(timeout: TimeSpan.FromSeconds(60));
                    return (string?)first["type"] == "joined" ? "joined" : $"{first["code"]}/{first["reason"]}";
                }));
                var elapsed = clock.Elapsed;
                output.WriteLine($"storm, {storm}: {StormClients} hellos → last answer in {elapsed.TotalMilliseconds:F0} ms; "
                    + $"{string.Join(", ", answers.CountBy(answer => answer).Select(count => $"{count.Value} {count.Key}"))}; hook requests {backend.Requests - before}");
            }
            finally
            {
                await Task.WhenAll(sockets.Select(socket => socket.DisposeAsync().AsTask()));
            }
        }
    }

    /// <summary>Fresh sockets (a connection's join budget is 20 at once), each joining <see cref="RoomsPerSocket"/> rooms
    /// back to back; joins/s from the first join sent to the last <c>joined</c>.</summary>
    private async Task<double> JoinsPerSecondAsync(string key, Func<int, string> roomName, string? prefix)
    {
        var sockets = new List<TestSocket>();
        for (var i = 0; i < Sockets; i++)
        {
            var user = Grants.User("fig");
            var claims = prefix is null ? null : new Dictionary<string, object> { ["rooms"] = new Dictionary<string, string> { [prefix + "*"] = "read+send" } };
            sockets.Add(await TestSocket.ConnectAsync(fixture.ChatNode((i % 2) + 1), user, TestTokens.Sign(key, user, DateTimeOffset.UtcNow.AddMinutes(10), claims: claims)));
        }

        try
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(sockets.Select(async socket =>
            {
                for (var r = 0; r < RoomsPerSocket; r++)
                {
                    await socket.SendAsync(new { type = "join", room = roomName(r) });
                }

                await socket.TakeAsync("joined", RoomsPerSocket);
            }));
            return Sockets * RoomsPerSocket / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var socket in sockets)
            {
                await socket.DisposeAsync();
            }
        }
    }

    private async Task<List<TestSocket>> ConnectAllAsync(string key, string[] users)
    {
        var sockets = new List<TestSocket>(users.Length);
        foreach (var batch in users.Chunk(50))
        {
            sockets.AddRange(await Task.WhenAll(batch.Select((user, i) =>
                TestSocket.ConnectAsync(fixture.ChatNode((i % 2) + 1), user, TestTokens.Sign(key, user, DateTimeOffset.UtcNow.AddMinutes(10))))));
        }

        return sockets;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
