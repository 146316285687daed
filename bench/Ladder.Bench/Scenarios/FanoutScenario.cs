using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ladder.Bench.Net;
using Ladder.Bench.Platform;
using Ladder.Bench.Report;
using Ladder.Bench.Stats;

namespace Ladder.Bench.Scenarios;

/// <summary>
/// Fan-out: rooms of members spread over every node, one sender per room; the offered delivery rate is stepped
/// up until the platform falls behind. Each step is a warm-up window and then several measured windows
/// (the repetitions), each with its delivered rate, loss, publish→receive latency and CPU per 1,000 deliveries.
/// </summary>
public sealed class FanoutScenario(RunContext context)
{
    public async Task<ScenarioReport> RunAsync(CancellationToken cancellationToken)
    {
        var options = context.Options;
        var rooms = options.Int("rooms", 100, 100);
        var members = options.Int("members", 20, 20);
        var payload = options.Int("payload", 100, 100);
        var steps = options.Ints("steps", "1000,5000,10000,20000,30000,40000,50000,60000,80000,100000,120000,150000,200000", "1000,5000,20000,50000,100000");
        var warmup = options.Double("warmup", 2, 1);
        var windowSeconds = options.Double("window", 4, 3);
        var repetitions = options.Int("reps", 3, 3);
        var p99Limit = options.Double("p99-limit", 50, 50);
        var placement = options.Get("placement", "spread");
        if (placement is not ("spread" or "room"))
        {
            throw new ArgumentException($"--placement is spread or room, not {placement}");
        }

        var clients = rooms * members;
        var settings = new JsonObject
        {
            ["rooms"] = rooms, ["members"] = members, ["clients"] = clients, ["senders"] = rooms, ["payloadBytes"] = payload, ["placement"] = placement,
            ["stepsDeliveriesPerSecond"] = new JsonArray([.. steps.Select(step => (JsonNode)step)]),
            ["warmupSeconds"] = warmup, ["windowSeconds"] = windowSeconds, ["repetitionsPerStep"] = repetitions,
        };

        var users = Enumerable.Range(0, clients).Select(i => $"f{context.RunId}-u{i}").ToArray();
        context.Log($"fanout: {clients} clients in {rooms} rooms of {members}, {rooms} senders, {payload} B payload; tokens…");
        var tokens = await context.Tokens.FetchAsync(users, cancellationToken);
        var sink = new FanoutSink((steps.Length * (repetitions + 1)) + 8 + WarmupProbes);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // Member m of room r is client r*members+m. Spread: on node (r+m) % nodes, so every room spans every node and
        // the senders (member 0) alternate between nodes. Room: every member of room r on node r % nodes, so no two
        // nodes share a room and each node reads only its rooms' entries (compare a node's CPU per 1,000 deliveries).
        Uri NodeOf(int i) => context.Nodes[(placement == "room" ? i / members : (i / members) + (i % members)) % context.Nodes.Count];
        var connections = await context.ConnectManyAsync(clients, NodeOf, i => tokens[i], sink, 8192, 50, stop.Token);
        foreach (var connection in connections)
        {
            connection.Room = $"f{context.RunId}-r{connection.Index / members:D3}";
        }

        await RunContext.JoinAllAsync(connections, _ => null, 50, cancellationToken);
        context.Log($"fanout: {clients} connected and joined");
        var senders = Enumerable.Range(0, rooms).Select(r => new FanoutSender(connections[r * members], payload)).ToArray();

        var windowId = 0;
        var warmSeconds = await WarmUpAsync(senders, sink, members, () => windowId++, cancellationToken);
        settings["warmUpSecondsUntilLossless"] = Summary.Round(warmSeconds, 1);

        var results = new JsonArray();
        double highestGood = 0;
        string? stopReason = null;
        var chart = new List<(double Offered, double P50, double P90, double P99, double Max)>();
        foreach (var offered in steps)
        {
            var sendRate = (double)offered / members;
            var stepWindows = Enumerable.Range(windowId, repetitions + 1).ToArray();
            windowId += repetitions + 1;
            var (sent, snapshots, generatorLimited) = Pace(senders, sendRate, stepWindows, warmup, windowSeconds);
            await DrainAsync(sink, stepWindows, sent, members, cancellationToken);

            var windows = new JsonArray();
            var rows = new List<WindowFigures>();
            for (var k = 1; k <= repetitions; k++)
            {
                var id = stepWindows[k];
                var usage = CpuMeter.Between(snapshots[k - 1], snapshots[k]);
                var figures = Figures(sink, id, sent[k], members, usage);
                rows.Add(figures);
                windows.Add(figures.ToJson());
            }

            var median = WindowFigures.MedianOf(rows);
            var step = new JsonObject
            {
                ["offeredDeliveriesPerSecond"] = offered,
                ["sendsPerSecond"] = Summary.Round(sendRate, 1),
                ["generatorLimited"] = generatorLimited,
                ["median"] = median.ToJson(),
                ["windows"] = windows,
            };
            results.Add(step);
            chart.Add((offered, median.P50, median.P90, median.P99, median.Max));
            context.Log($"fanout {offered,7}/s: delivered {median.DeliveredPerSecond,9:F0}/s loss {median.Loss:P2} p50 {median.P50:F2} p90 {median.P90:F2} p99 {median.P99:F2} max {median.Max:F1} ms; server CPU {median.ServerCpuPer1k:F4} s/1k, generator {median.GeneratorCpuPer1k:F4} s/1k");

            var keptUp = median.DeliveredPerSecond >= 0.97 * offered && median.Loss <= 0.001;
            if (keptUp && median.P99 < p99Limit)
            {
                highestGood = Math.Max(highestGood, offered);
            }

            if (sink.Closed > 0)
            {
                stopReason = $"connections closed: {sink.FirstClose}";
            }
            else if (generatorLimited)
            {
                stopReason = "the generator could not offer the step's rate";
            }
            else if (!keptUp)
            {
                stopReason = $"fell behind at {offered}/s (delivered {median.DeliveredPerSecond:F0}/s, loss {median.Loss:P2})";
            }
            else if (median.P99 > 20 * p99Limit)
            {
                stopReason = $"p99 {median.P99:F0} ms at {offered}/s";
            }

            if (stopReason is not null)
            {
                context.Log("fanout: stopping: " + stopReason);
                break;
            }

            await Task.Delay(500, cancellationToken);
        }

        var profile = options.Get("profile", "false") == "true" && sink.Closed == 0
            ? await ProfileAsync(senders, sink, options.Int("profile-rate", 20_000, 20_000), members, windowId, cancellationToken)
            : null;

        sink.Stopping = true;
        foreach (var connection in connections)
        {
            connection.Abort();
        }

        var summary = new JsonObject
        {
            ["highestDeliveriesPerSecondWithP99Under50ms"] = highestGood,
            ["stopReason"] = stopReason,
            ["acks"] = sink.Acks,
            ["errors"] = sink.Errors,
            ["firstError"] = sink.FirstError,
            ["steps"] = results,
            ["profile"] = profile,
        };
        var markdown = Markdown(results, highestGood, stopReason, sink);
        if (profile is not null)
        {
            markdown += $"\nProfile at {profile["rate"]} deliveries/s: syscalls per delivery (all server processes, strace -c) **{profile["syscallsPerDelivery"]}** `{profile["syscalls"]!.ToJsonString()}`; perf CPU profile in `{profile["perfFile"]}`.\n";
        }

        return new ScenarioReport("fanout", settings, summary, markdown, Svg(chart));
    }

    private const int WarmupProbes = 30;

    /// <summary>
    /// Sends at 1,000 deliveries/s in 2-second probes until one arrives without loss (bounded): a node whose log
    /// reader has not started delivering yet would otherwise show up as loss in the first steps.
    /// </summary>
    private async Task<double> WarmUpAsync(FanoutSender[] senders, FanoutSink sink, int members, Func<int> nextWindow, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        for (var probe = 0; probe < WarmupProbes; probe++)
        {
            var window = nextWindow();
            var (sent, _, _) = Pace(senders, 1000.0 / members, [window], 2, 0);
            await DrainAsync(sink, [window], sent, members, cancellationToken);
            var delivered = Interlocked.Read(ref sink.Delivered[window]);
            var expected = sent[0] * members;
            if (delivered >= expected * 0.999)
            {
                return clock.Elapsed.TotalSeconds;
            }

            context.Log($"fanout: warm-up probe {probe + 1}: {delivered}/{expected} delivered; waiting for every node to deliver");
        }

        context.Log("fanout: the platform never delivered a probe in full; measuring anyway");
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Offers sends at <paramref name="sendRate"/> from a dedicated thread (so the receive loops cannot starve it),
    /// round-robin over the senders, window by window; takes a CPU snapshot at every window boundary.
    /// </summary>
    private (long[] Sent, CpuSnapshot[] Snapshots, bool GeneratorLimited) Pace(FanoutSender[] senders, double sendRate, int[] windows, double warmup, double windowSeconds)
    {
        var sent = new long[windows.Length];
        var snapshots = new CpuSnapshot[windows.Length];
        var limited = false;
        var thread = new Thread(() =>
        {
            var next = 0;
            for (var k = 0; k < windows.Length; k++)
            {
                var duration = k == 0 ? warmup : windowSeconds;
                var started = Stopwatch.GetTimestamp();
                if (k > 0)
                {
                    snapshots[k - 1] = context.Cpu.Take();
                }

                long count = 0;
                while (true)
                {
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    if (elapsed >= duration)
                    {
                        break;
                    }

                    var due = (long)(elapsed * sendRate);
                    var tries = 0;
                    while (count < due && tries < senders.Length)
                    {
                        var sender = senders[next];
                        next = (next + 1) % senders.Length;
                        if (sender.IsBusy || sender.Failed)
                        {
                            tries++;
                            continue;
                        }

                        tries = 0;
                        sender.Send(windows[k], Stopwatch.GetTimestamp());
                        count++;
                    }

                    Thread.Sleep(1);
                }

                sent[k] = count;
                if (k > 0 && count < 0.95 * sendRate * duration)
                {
                    limited = true;
                }
            }

            snapshots[windows.Length - 1] = context.Cpu.Take();
        })
        {
            IsBackground = true,
            Priority = ThreadPriority.AboveNormal,
            Name = "pacer",
        };
        thread.Start();
        thread.Join();
        return (sent, snapshots, limited);
    }

    /// <summary>
    /// An extra step at <paramref name="rate"/> after the measured ones: perf samples the server processes during
    /// one window, then strace counts their syscalls during another (strace slows them, so only counts per delivery
    /// are used from it).
    /// </summary>
    private async Task<JsonObject> ProfileAsync(FanoutSender[] senders, FanoutSink sink, int rate, int members, int firstWindow, CancellationToken cancellationToken)
    {
        var servers = context.Processes.ServerRoles.Select(role => context.Processes.Pids[role]).ToArray();
        var baseName = Path.Combine(context.ResultsDirectory, $"{context.Tag}-fanout-{context.Options.Target}");
        Directory.CreateDirectory(context.ResultsDirectory);
        var perfData = Path.Combine(Path.GetTempPath(), $"ladder-bench-{context.RunId}.perf.data");
        context.Log($"fanout: profiling at {rate}/s (perf, then strace)…");

        using (var perf = Platform.Profiler.StartPerf(servers, 8, perfData))
        {
            Pace(senders, (double)rate / members, [firstWindow, firstWindow + 1], 1, 9);
            if (perf is not null)
            {
                await perf.WaitForExitAsync(cancellationToken);
            }
        }

        await DrainAsync(sink, [firstWindow, firstWindow + 1], [0], members, cancellationToken);
        var perfText = File.Exists(perfData) ? Platform.Profiler.PerfSummary(perfData, 60) : "perf not available";
        await File.WriteAllTextAsync(baseName + "-perf.txt", perfText, cancellationToken);

        var straceFiles = servers.Select(pid => Path.Combine(Path.GetTempPath(), $"ladder-bench-{context.RunId}-{pid}.strace")).ToArray();
        var tracers = servers.Select((pid, i) => Platform.Profiler.StartStrace(pid, 5, straceFiles[i])).ToArray();
        await Task.Delay(500, cancellationToken);
        var startDelivered = sink.TotalDelivered;
        Pace(senders, (double)rate / members, [firstWindow + 2, firstWindow + 3], 0.5, 4);
        var endDelivered = sink.TotalDelivered;
        foreach (var tracer in tracers)
        {
            if (tracer is not null)
            {
                await tracer.WaitForExitAsync(cancellationToken);
                tracer.Dispose();
            }
        }

        var syscalls = new JsonObject();
        long total = 0;
        for (var i = 0; i < servers.Length; i++)
        {
            var counts = Platform.Profiler.StraceCounts(straceFiles[i]);
            var role = context.Processes.ServerRoles[i];
            var top = new JsonObject();
            foreach (var (name, calls) in counts.OrderByDescending(pair => pair.Value).Take(8))
            {
                top[name] = calls;
            }

            syscalls[role] = top;
            total += counts.Where(pair => pair.Key != "total").Sum(pair => pair.Value);
        }

        var delivered = Math.Max(1, endDelivered - startDelivered);
        return new JsonObject
        {
            ["rate"] = rate,
            ["perfFile"] = Path.GetFileName(baseName + "-perf.txt"),
            ["deliveriesDuringStrace"] = delivered,
            ["syscallsPerDelivery"] = Summary.Round((double)total / delivered, 2),
            ["syscalls"] = syscalls,
        };
    }

    /// <summary>Waits until the step's deliveries are all in, or stop arriving (bounded).</summary>
    private static async Task DrainAsync(FanoutSink sink, int[] windows, long[] sent, int members, CancellationToken cancellationToken)
    {
        var expected = sent.Sum() * members;
        var deadline = Stopwatch.StartNew();
        long last = -1;
        var stableSince = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            var delivered = windows.Sum(w => Interlocked.Read(ref sink.Delivered[w]));
            if (delivered >= expected)
            {
                return;
            }

            if (delivered != last)
            {
                last = delivered;
                stableSince.Restart();
            }
            else if (stableSince.Elapsed > TimeSpan.FromSeconds(2))
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private WindowFigures Figures(FanoutSink sink, int window, long sent, int members, CpuUsage usage)
    {
        var delivered = Interlocked.Read(ref sink.Delivered[window]);
        var expected = sent * members;
        var histogram = sink.Latency[window];
        var per1k = delivered / 1000.0;
        var server = usage.Sum(context.Processes.ServerRoles);
        var roles = new JsonObject();
        foreach (var (role, seconds) in usage.Seconds)
        {
            roles[role] = Summary.Round(seconds / Math.Max(per1k, 1e-9), 5);
        }

        roles["other"] = Summary.Round(usage.Other / Math.Max(per1k, 1e-9), 5);
        // Everything the platform ran (nodes, broker, archiver, databases, dashboard), without the generator.
        roles["platformTotal"] = Summary.Round(usage.Seconds.Where(pair => pair.Key != CpuMeter.Generator).Sum(pair => pair.Value) / Math.Max(per1k, 1e-9), 5);
        return new WindowFigures(
            SentPerSecond: sent / usage.WallSeconds,
            DeliveredPerSecond: delivered / usage.WallSeconds,
            Loss: expected == 0 ? 0 : Math.Max(0, 1 - ((double)delivered / expected)),
            P50: histogram.PercentileMs(0.50),
            P90: histogram.PercentileMs(0.90),
            P99: histogram.PercentileMs(0.99),
            Max: histogram.MaxMs,
            ServerCpuPer1k: server / Math.Max(per1k, 1e-9),
            GeneratorCpuPer1k: usage.Of(CpuMeter.Generator) / Math.Max(per1k, 1e-9),
            MachineBusyShare: usage.MachineSeconds / Math.Max(usage.MachineCapacitySeconds, 1e-9),
            CpuPer1kByRole: roles);
    }

    private static string Markdown(JsonArray steps, double highest, string? stopReason, FanoutSink sink)
    {
        var md = new StringBuilder();
        md.AppendLine("| offered deliveries/s | delivered/s | loss | p50 ms | p90 ms | p99 ms | max ms | server CPU s / 1k deliveries | generator CPU s / 1k | machine busy |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var step in steps)
        {
            var m = step!["median"]!;
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {step["offeredDeliveriesPerSecond"]} | {m["deliveredPerSecond"]} | {(double)m["loss"]!:P2} | {m["p50Ms"]} | {m["p90Ms"]} | {m["p99Ms"]} | {m["maxMs"]} | {m["serverCpuSecondsPer1k"]} | {m["generatorCpuSecondsPer1k"]} | {(double)m["machineBusyShare"]!:P0} |");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Medians of the measured windows of each step. Highest offered rate delivered without loss with p99 < 50 ms: **{highest:N0} deliveries/s**.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Stopped because: {stopReason ?? "all steps done"}. Acks {sink.Acks}, errors {sink.Errors}{(sink.FirstError is null ? "" : $" (first: `{sink.FirstError}`)")}.");
        md.AppendLine();
        md.AppendLine("CPU per 1,000 deliveries by process (median window of each step):");
        md.AppendLine();
        foreach (var step in steps)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {step!["offeredDeliveriesPerSecond"]}/s: `{step["median"]!["cpuPer1kByRole"]!.ToJsonString()}`");
        }

        return md.ToString();
    }

    private static string Svg(List<(double Offered, double P50, double P90, double P99, double Max)> chart) =>
        SvgChart.Render(
            "fan-out: publish → receive latency",
            "offered deliveries/s",
            "latency ms (log)",
            [
                new SvgSeries("p50", [.. chart.Select(c => (c.Offered, c.P50))]),
                new SvgSeries("p90", [.. chart.Select(c => (c.Offered, c.P90))]),
                new SvgSeries("p99", [.. chart.Select(c => (c.Offered, c.P99))]),
                new SvgSeries("max", [.. chart.Select(c => (c.Offered, c.Max))]),
            ],
            logX: true,
            logY: true);
}
