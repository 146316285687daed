using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ladder.Bench.Net;
using Ladder.Bench.Report;
using Ladder.Bench.Stats;

namespace Ladder.Bench.Scenarios;

/// <summary>
/// Resume storm: clients in rooms drop at once, messages are posted meanwhile, then every client reconnects at the
/// same moment with <c>hello{resume}</c> from its lastKnownId. Measures the time until every client is
/// <c>synced</c>, and checks each got exactly the messages it missed, in order.
/// </summary>
public sealed class ResumeStormScenario(RunContext context)
{
    public async Task<ScenarioReport> RunAsync(CancellationToken cancellationToken)
    {
        var options = context.Options;
        var clients = options.Int("clients", 1000, 1000);
        var rooms = options.Int("rooms", 100, 100);
        var perRoom = options.Int("messages", 100, 100);
        var repetitions = options.Int("reps", 3, 2);
        var settings = new JsonObject { ["clients"] = clients, ["rooms"] = rooms, ["messagesPerRoom"] = perRoom, ["repetitions"] = repetitions };
        var users = Enumerable.Range(0, clients).Select(i => $"s{context.RunId}-u{i}").Concat(Enumerable.Range(0, rooms).Select(r => $"s{context.RunId}-p{r}")).ToArray();
        context.Log($"resume-storm: {clients} clients in {rooms} rooms, {perRoom} messages per room while away; tokens…");
        var tokens = await context.Tokens.FetchAsync(users, cancellationToken);
        Uri NodeOf(int i) => context.Nodes[i % context.Nodes.Count];

        var reps = new JsonArray();
        var totals = new List<double>();
        var lost = 0L;
        var duplicates = 0L;
        var cdf = new List<(double, double)>();
        for (var rep = 0; rep < repetitions; rep++)
        {
            string RoomOf(int i) => $"s{context.RunId}{rep}-r{i % rooms:D3}";
            var sink = new ControlSink();
            var first = await context.ConnectManyAsync(clients, NodeOf, i => tokens[i], sink, 8192, 64, cancellationToken);
            foreach (var connection in first)
            {
                connection.Room = RoomOf(connection.Index);
            }

            await RunContext.JoinAllAsync(first, _ => null, 64, cancellationToken);
            var posters = await context.ConnectManyAsync(rooms, r => NodeOf(r + 1), r => tokens[clients + r], sink, 8192, 32, cancellationToken);
            foreach (var poster in posters)
            {
                poster.Room = RoomOf(poster.Index);
            }

            await RunContext.JoinAllAsync(posters, _ => null, 32, cancellationToken);

            // Everyone drops at once (no close handshake, like a network cut), remembering where it was.
            var positions = first.Select(connection => connection.LastSeq).ToArray();
            sink.Stopping = true;
            foreach (var connection in first)
            {
                connection.Abort();
            }

            await Task.Delay(1000, cancellationToken);
            var acksBefore = sink.Acks;
            await Parallel.ForEachAsync(posters, cancellationToken, async (poster, token) =>
            {
                for (var m = 0; m < perRoom; m++)
                {
                    await poster.SendAsync($"{{\"type\":\"send\",\"room\":\"{poster.Room}\",\"clientMsgId\":\"m{rep}-{m}\",\"text\":\"while you were away {m}\"}}", token);
                }
            });
            var posting = Stopwatch.StartNew();
            while (sink.Acks - acksBefore < (long)rooms * perRoom && posting.Elapsed < TimeSpan.FromSeconds(120))
            {
                await Task.Delay(50, cancellationToken);
            }

            context.Log($"resume-storm rep {rep + 1}: {sink.Acks - acksBefore} messages posted in {posting.Elapsed.TotalSeconds:F1} s; all {clients} reconnect now");
            await context.WaitForQuietAsync(0.5, TimeSpan.FromSeconds(10), cancellationToken);

            var storm = new ControlSink();
            var again = new WsConn?[clients];
            var errors = 0;
            var t0 = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async i =>
            {
                try
                {
                    var connection = await context.Connector.ConnectAsync(NodeOf(i + 1), tokens[i], i, cancellationToken);
                    connection.Room = RoomOf(i);
                    connection.LastSeq = positions[i];
                    connection.AdoptsHead = false;
                    again[i] = connection;
                    _ = connection.ReceiveLoopAsync(storm, 8192, cancellationToken);
                    await connection.SendAsync($"{{\"type\":\"hello\",\"resume\":{{\"{connection.Room}\":{positions[i]}}}}}", cancellationToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
            }));
            var waiting = Stopwatch.StartNew();
            while (storm.SyncedCount < clients - errors && waiting.Elapsed < TimeSpan.FromSeconds(120))
            {
                await Task.Delay(10, cancellationToken);
            }

            var times = again.Where(c => c is { SyncedAt: > 0 }).Select(c => Stopwatch.GetElapsedTime(t0, c!.SyncedAt).TotalMilliseconds).Order().ToList();
            var repLost = again.Sum(c => c is null ? perRoom : Math.Max(0, perRoom - c.Received));
            var repDuplicates = again.Sum(c => c?.OutOfOrder ?? 0);
            var notSynced = clients - times.Count;
            var total = times.Count > 0 ? times[^1] : double.NaN;
            totals.Add(notSynced == 0 ? total : double.PositiveInfinity);
            lost += repLost;
            duplicates += repDuplicates;
            if (rep == 0)
            {
                cdf.AddRange(times.Select((t, k) => (t, 100.0 * (k + 1) / clients)));
            }

            reps.Add(new JsonObject
            {
                ["allSyncedMs"] = Summary.Round(total, 1),
                ["p50Ms"] = Summary.Round(Summary.Percentile(times, 0.5), 1),
                ["p99Ms"] = Summary.Round(Summary.Percentile(times, 0.99), 1),
                ["notSynced"] = notSynced,
                ["connectErrors"] = errors,
                ["lostMessages"] = repLost,
                ["duplicateOrOutOfOrder"] = repDuplicates,
                ["serverErrors"] = storm.Errors,
                ["firstServerError"] = storm.FirstError,
            });
            context.Log($"resume-storm rep {rep + 1}: all synced in {total:F0} ms (p50 {Summary.Percentile(times, 0.5):F0} ms), not synced {notSynced}, lost {repLost}, duplicates {repDuplicates}, errors {storm.Errors}");
            storm.Stopping = true;
            foreach (var connection in again)
            {
                connection?.Abort();
            }

            foreach (var poster in posters)
            {
                poster.Abort();
            }

            await context.WaitForQuietAsync(0.3, TimeSpan.FromSeconds(15), cancellationToken);
        }

        var median = Summary.Median(totals.Select(t => double.IsFinite(t) ? t : 1e9));
        var results = new JsonObject
        {
            ["allSyncedMsMedian"] = Summary.Round(median, 1),
            ["lostMessages"] = lost,
            ["duplicateOrOutOfOrder"] = duplicates,
            ["repetitions"] = reps,
        };
        var md = new StringBuilder();
        md.AppendLine("| repetition | all synced (ms) | p50 (ms) | p99 (ms) | not synced | lost | duplicates | server errors |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < reps.Count; i++)
        {
            var r = reps[i]!;
            md.AppendLine(CultureInfo.InvariantCulture, $"| {i + 1} | {r["allSyncedMs"]} | {r["p50Ms"]} | {r["p99Ms"]} | {r["notSynced"]} | {r["lostMessages"]} | {r["duplicateOrOutOfOrder"]} | {r["serverErrors"]} |");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Time from the simultaneous reconnect to the last client's `synced` (median of {repetitions}): **{median:F0} ms**; lost {lost}, duplicates {duplicates}.");
        var svg = SvgChart.Render("resume storm: clients synced over time (first repetition)", "ms since reconnect", "% of clients synced", [new SvgSeries("synced", cdf)]);
        return new ScenarioReport("resume-storm", settings, results, md.ToString(), svg);
    }
}
