using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ladder.Bench.Platform;
using Ladder.Bench.Report;
using Ladder.Bench.Stats;

namespace Ladder.Bench.Scenarios;

/// <summary>
/// Idle connections: N authenticated connections spread over the nodes, each joined to one of the rooms; after a
/// settle time, the memory each costs is the node's RSS growth divided by its connections.
/// </summary>
public sealed class IdleScenario(RunContext context)
{
    public async Task<ScenarioReport> RunAsync(CancellationToken cancellationToken)
    {
        var options = context.Options;
        var count = options.Int("conns", 10_000, 2_000);
        var rooms = options.Int("rooms", 100, 100);
        // 30 s: long enough for a node to have its quiet interval after the connect storm and give the storm's
        // garbage back (IdleMemoryTrimmer); 10 s measured the storm, not the connections.
        var settle = options.Double("settle", 30, 10);
        var repetitions = options.Int("reps", 3, 1);
        var projectTo = options.Int("project", 100_000, 100_000);
        var settings = new JsonObject { ["connections"] = count, ["rooms"] = rooms, ["settleSeconds"] = settle, ["repetitions"] = repetitions };

        var users = Enumerable.Range(0, count).Select(i => $"i{context.RunId}-u{i}").ToArray();
        context.Log($"idle: {count} connections over {context.Nodes.Count} node(s), {rooms} rooms; tokens…");
        var tokens = await context.Tokens.FetchAsync(users, cancellationToken);
        var nodeRoles = context.Processes.NodeRoles;
        var perRep = new JsonArray();
        var kibPerConnection = nodeRoles.ToDictionary(role => role, _ => new List<double>());
        var baseRss = nodeRoles.ToDictionary(role => role, _ => new List<double>());
        var connectRates = new List<double>();
        var curve = nodeRoles.ToDictionary(role => role, _ => new List<(double, double)>());
        for (var rep = 0; rep < repetitions; rep++)
        {
            if (rep > 0)
            {
                // The previous repetition's teardown is garbage the node gives back once quiet: the same settle
                // before reading the base, or the next delta would count it.
                await Task.Delay(TimeSpan.FromSeconds(settle), cancellationToken);
            }

            var before = nodeRoles.ToDictionary(role => role, role => ProcFs.RssKiB(context.Processes.Pids[role]));
            var sink = new ControlSink();
            var started = System.Diagnostics.Stopwatch.StartNew();
            using var sampling = new CancellationTokenSource();
            var sampler = rep == 0 ? SampleAsync(curve, before, sampling.Token) : Task.CompletedTask;
            var connections = await context.ConnectManyAsync(count, i => context.Nodes[i % context.Nodes.Count], i => tokens[i], sink, 0, 64, cancellationToken);
            foreach (var connection in connections)
            {
                connection.Room = $"i{context.RunId}-r{connection.Index % rooms:D3}";
            }

            await RunContext.JoinAllAsync(connections, _ => null, 64, cancellationToken);
            var connectSeconds = started.Elapsed.TotalSeconds;
            connectRates.Add(count / connectSeconds);
            context.Log($"idle rep {rep + 1}: {count} connected and joined in {connectSeconds:F1} s; settling {settle} s");
            await Task.Delay(TimeSpan.FromSeconds(settle), cancellationToken);
            await sampling.CancelAsync();
            await sampler;

            var repJson = new JsonObject { ["connectAndJoinSeconds"] = Summary.Round(connectSeconds, 2), ["closedByServer"] = sink.Closed };
            foreach (var role in nodeRoles)
            {
                var after = ProcFs.RssKiB(context.Processes.Pids[role]);
                var onNode = connections.Count(c => c.Node == context.Nodes[nodeRoles.IndexOf(role)]);
                var perConnection = (after - before[role]) / (double)Math.Max(onNode, 1);
                kibPerConnection[role].Add(perConnection);
                baseRss[role].Add(before[role]);
                repJson[role] = new JsonObject
                {
                    ["connections"] = onNode,
                    ["rssBeforeMiB"] = Summary.Round(before[role] / 1024.0, 1),
                    ["rssAfterMiB"] = Summary.Round(after / 1024.0, 1),
                    ["kibPerConnection"] = Summary.Round(perConnection, 2),
                };
                context.Log($"idle rep {rep + 1}: {role}: {onNode} connections, RSS {before[role] / 1024.0:F0} → {after / 1024.0:F0} MiB = {perConnection:F2} KiB per connection");
            }

            repJson["generatorRssMiB"] = Summary.Round(ProcFs.RssKiB(Environment.ProcessId) / 1024.0, 1);
            perRep.Add(repJson);
            sink.Stopping = true;
            foreach (var connection in connections)
            {
                connection.Abort();
            }

            if (rep < repetitions - 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(3, settle / 2)), cancellationToken);
                await context.WaitForQuietAsync(0.3, TimeSpan.FromSeconds(15), cancellationToken);
            }
        }

        var results = new JsonObject { ["repetitions"] = perRep };
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"| node | connections | RSS before (MiB) | KiB per idle connection (median of {repetitions}) | first repetition | projected RSS at {projectTo:N0} connections (GiB) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        var perNode = new JsonObject();
        foreach (var role in nodeRoles)
        {
            var median = Summary.Median(kibPerConnection[role]);
            var projected = (baseRss[role][0] + (projectTo * median)) / 1024.0 / 1024.0;
            perNode[role] = new JsonObject
            {
                ["kibPerConnectionMedian"] = Summary.Round(median, 2),
                ["kibPerConnectionFirstRep"] = Summary.Round(kibPerConnection[role][0], 2),
                ["projectedGiBAt"] = projectTo,
                ["projectedGiB"] = Summary.Round(projected, 2),
            };
            var onNode = perRep[0]![role]!["connections"];
            md.AppendLine(CultureInfo.InvariantCulture, $"| {role} | {onNode} | {baseRss[role][0] / 1024.0:F0} | **{median:F2}** | {kibPerConnection[role][0]:F2} | {projected:F2} |");
        }

        var all = Summary.Median(nodeRoles.Select(role => Summary.Median(kibPerConnection[role])));
        results["kibPerConnection"] = Summary.Round(all, 2);
        results["perNode"] = perNode;
        results["connectAndJoinPerSecond"] = Summary.Round(Summary.Median(connectRates), 0);
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"KiB per idle connection (median over nodes): **{all:F2}**. Connect+join throughput while opening them: {Summary.Median(connectRates):F0}/s.");
        md.AppendLine("Later repetitions start from a heap the first one grew, so they can read lower than the first; both are shown.");

        var series = nodeRoles.Select(role => new SvgSeries(role, curve[role])).ToList();
        var svg = SvgChart.Render("idle: node RSS growth while connecting (first repetition)", "connections opened (all nodes)", "RSS growth MiB", series);
        return new ScenarioReport("idle", settings, results, md.ToString(), svg);
    }

    /// <summary>Node RSS growth against connections opened, for the plot.</summary>
    private async Task SampleAsync(Dictionary<string, List<(double, double)>> curve, Dictionary<string, long> before, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var opened = context.ConnectedCount;
                foreach (var (role, points) in curve)
                {
                    points.Add((opened, (ProcFs.RssKiB(context.Processes.Pids[role]) - before[role]) / 1024.0));
                }

                await Task.Delay(500, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Done sampling.
        }
    }
}
