using Ladder.Bench.Cli;
using Ladder.Bench.Platform;
using Ladder.Bench.Report;
using Ladder.Bench.Scenarios;

// dotnet run -c Release --project bench/Ladder.Bench -- <idle|fanout|resume-storm|archive|connect-rate|all> [--quick] [--target ladder|baseline]
// The generator's receive loops only count and timestamp frames: run their continuations on the socket engine's
// thread instead of hopping to the thread pool for every frame (measured: about a quarter less generator CPU per
// delivery). Read when the first socket is used, so it must be set before any. An explicit setting wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

var options = BenchOptions.Parse(args);
if (options.Scenario == "compare")
{
    // Offline: no platform needed, only the results of one tag.
    Console.WriteLine(Comparison.Write(options.Get("out", Path.Combine(Environment.CurrentDirectory, "bench", "results")), options.Get("tag", "latest")));
    return;
}

using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(options.Double("max-minutes", 20, 5)));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

using var context = new RunContext(options);
context.Log($"target {options.Target}: {string.Join(", ", context.Processes.Pids.Select(p => $"{p.Key}={p.Value}"))}");

if (options.Scenario == "discover")
{
    // What would be measured, without any load: the roles and processes of the platform.
    foreach (var group in context.Processes.CurrentProcesses().GroupBy(p => p.Role))
    {
        context.Log($"  {group.Key}: {string.Join(' ', group.Select(p => p.Pid))}");
    }

    return;
}

string[] scenarios = options.Scenario == "all"
    ? options.Ladder ? ["idle", "connect-rate", "resume-storm", "archive", "fanout"] : ["idle", "connect-rate", "fanout"]
    : [options.Scenario];
foreach (var scenario in scenarios)
{
    var started = DateTimeOffset.UtcNow;
    var cpuStart = context.Cpu.Take();
    long peakRss = 0;
    using var watching = new CancellationTokenSource();
    var watcher = Task.Run(async () =>
    {
        while (!watching.IsCancellationRequested)
        {
            peakRss = Math.Max(peakRss, ProcFs.RssKiB(Environment.ProcessId));
            await Task.Delay(500, CancellationToken.None);
        }
    });

    ScenarioReport report = scenario switch
    {
        "idle" => await new IdleScenario(context).RunAsync(stop.Token),
        "fanout" => await new FanoutScenario(context).RunAsync(stop.Token),
        "resume-storm" => await new ResumeStormScenario(context).RunAsync(stop.Token),
        "archive" => await new ArchiveScenario(context).RunAsync(stop.Token),
        "connect-rate" => await new ConnectRateScenario(context).RunAsync(stop.Token),
        _ => throw new ArgumentException($"unknown scenario '{scenario}'"),
    };
    await watching.CancelAsync();
    await watcher;
    var written = ResultWriter.Write(context, report, started, CpuMeter.Between(cpuStart, context.Cpu.Take()), peakRss);
    context.Log($"{scenario}: wrote {written}.json/.md/.svg");
    if (scenario != scenarios[^1])
    {
        // Let what one scenario left behind (archiving, consumer clean-up, GC) finish before the next starts.
        await context.WaitForQuietAsync(0.25, TimeSpan.FromSeconds(30), stop.Token);
    }
}
