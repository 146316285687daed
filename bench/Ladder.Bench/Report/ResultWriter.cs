using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ladder.Bench.Platform;

namespace Ladder.Bench.Report;

/// <summary>Writes a scenario's JSON result, Markdown summary and SVG plot under the results directory.</summary>
public static class ResultWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(RunContext context, ScenarioReport report, DateTimeOffset started, CpuUsage generatorRun, long generatorPeakRssKiB)
    {
        Directory.CreateDirectory(context.ResultsDirectory);
        var baseName = $"{context.Tag}-{report.Scenario}-{context.Options.Target}";
        var environment = MachineInfo.Describe(context.RepositoryRoot, context.Processes.Pids);
        var generatorSeconds = generatorRun.Of(CpuMeter.Generator);
        var generator = new JsonObject
        {
            ["cpuSeconds"] = Math.Round(generatorSeconds, 2),
            ["wallSeconds"] = Math.Round(generatorRun.WallSeconds, 1),
            ["shareOfMachinePercent"] = Math.Round(100 * generatorSeconds / Math.Max(generatorRun.MachineCapacitySeconds, 0.01), 1),
            ["shareOfBusyCpuPercent"] = Math.Round(100 * generatorSeconds / Math.Max(generatorRun.MachineSeconds, 0.01), 1),
            ["peakRssMiB"] = Math.Round(generatorPeakRssKiB / 1024.0, 1),
        };
        var json = new JsonObject
        {
            ["scenario"] = report.Scenario,
            ["target"] = context.Options.Target,
            ["quick"] = context.Options.Quick,
            ["startedAt"] = started.ToString("O", CultureInfo.InvariantCulture),
            ["finishedAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["command"] = string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
            ["machine"] = environment["machine"]!.DeepClone(),
            ["versions"] = environment["versions"]!.DeepClone(),
            ["platform"] = new JsonObject
            {
                ["nodes"] = new JsonArray([.. context.Nodes.Select(node => (JsonNode)node.ToString())]),
                ["pids"] = new JsonObject(context.Processes.Pids.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))),
                ["nats"] = context.Processes.NatsUrl is { } nats ? PlatformProcesses.RedactUrl(nats) : null,
                ["postgres"] = context.Processes.PostgresConnectionString is { } pg ? PlatformProcesses.Redact(pg) : null,
            },
            ["settings"] = report.Settings,
            ["generator"] = generator,
            ["results"] = report.Results,
        };
        File.WriteAllText(Path.Combine(context.ResultsDirectory, baseName + ".json"), json.ToJsonString(Indented) + "\n");
        File.WriteAllText(Path.Combine(context.ResultsDirectory, baseName + ".svg"), report.Svg + "\n");

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {report.Scenario} — {context.Options.Target}{(context.Options.Quick ? " (quick)" : "")}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Run {started:yyyy-MM-dd HH:mm} UTC, `{json["command"]}`.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {environment["machine"]!["cpu"]}, {environment["machine"]!["cores"]} cores, {environment["machine"]!["memoryGiB"]} GiB, {environment["machine"]!["os"]}, kernel {environment["machine"]!["kernel"]}; {environment["versions"]!["dotnet"]}, NATS {environment["versions"]!["natsServer"] ?? "n/a"}, commit {environment["versions"]!["gitCommit"]}.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Settings: `{report.Settings.ToJsonString()}`.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Load generator: {generator["cpuSeconds"]} CPU s over {generator["wallSeconds"]} s = {generator["shareOfMachinePercent"]} % of the machine ({generator["shareOfBusyCpuPercent"]} % of all busy CPU), peak RSS {generator["peakRssMiB"]} MiB.");
        md.AppendLine();
        md.AppendLine(report.Markdown);
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"![{report.Scenario}]({baseName}.svg)");
        File.WriteAllText(Path.Combine(context.ResultsDirectory, baseName + ".md"), md.ToString());
        return Path.Combine(context.ResultsDirectory, baseName);
    }
}
