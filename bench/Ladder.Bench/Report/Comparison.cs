using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Ladder.Bench.Report;

/// <summary>
/// <c>compare --tag NAME</c>: reads one run's Ladder and baseline results and writes <c>NAME-summary.md</c>, the issue's
/// bar filled in for Ladder with the "Ladder / baseline" ratio of every figure measured on both.
/// </summary>
public static class Comparison
{
    public static string Write(string directory, string tag)
    {
        JsonNode? Load(string name)
        {
            var path = Path.Combine(directory, name + ".json");
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))?["results"] : null;
        }

        var rows = new List<(string Metric, double? Ladder, double? Baseline, string Target, Func<double, bool>? Met)>();
        var idleL = Load($"{tag}-idle-ladder");
        var idleB = Load($"{tag}-idle-baseline");
        var idle15L = Load($"{tag}-15k-idle-ladder");
        var idle15B = Load($"{tag}-15k-idle-baseline");
        rows.Add(("KiB per idle connection (10k over both nodes)", Number(idleL?["kibPerConnection"]), Number(idleB?["kibPerConnection"]), "≤ 6", v => v <= 6));
        rows.Add(("KiB per idle connection (15k on one node)", FirstNode(idle15L, "kibPerConnectionMedian"), FirstNode(idle15B, "kibPerConnectionMedian"), "≤ 6", v => v <= 6));
        rows.Add(("projected RSS per node at 100k connections (GiB)", FirstNode(idle15L, "projectedGiB"), FirstNode(idle15B, "projectedGiB"), "", null));

        var fanL = Load($"{tag}-fanout-ladder");
        var fanB = Load($"{tag}-fanout-baseline");
        rows.Add(("server CPU s per 1k deliveries at 20k/s (nodes + NATS)", At20k(fanL, "serverCpuSecondsPer1k"), At20k(fanB, "serverCpuSecondsPer1k"), "≤ 0.020", v => v <= 0.020));
        rows.Add(("whole-platform CPU s per 1k deliveries at 20k/s", At20kRole(fanL, "platformTotal"), At20kRole(fanB, "platformTotal"), "", null));
        rows.Add(("generator CPU s per 1k deliveries at 20k/s", At20k(fanL, "generatorCpuSecondsPer1k"), At20k(fanB, "generatorCpuSecondsPer1k"), "", null));
        rows.Add(("p50 ms at 20k/s", At20k(fanL, "p50Ms"), At20k(fanB, "p50Ms"), "", null));
        rows.Add(("p99 ms at 20k/s", At20k(fanL, "p99Ms"), At20k(fanB, "p99Ms"), "≤ 3", v => v <= 3));
        rows.Add(("highest deliveries/s with p99 < 50 ms", Number(fanL?["highestDeliveriesPerSecondWithP99Under50ms"]), Number(fanB?["highestDeliveriesPerSecondWithP99Under50ms"]), "≥ 60,000", v => v >= 60_000));

        var storm = Load($"{tag}-resume-storm-ladder");
        rows.Add(("resume storm: all 1,000 synced (ms)", Number(storm?["allSyncedMsMedian"]), null, "< 2,000", v => v < 2000));
        rows.Add(("resume storm: messages lost", Number(storm?["lostMessages"]), null, "0", v => v == 0));
        var archive = Load($"{tag}-archive-ladder");
        var archiveLabel = archive?["inputLimited"]?.GetValue<bool>() == true ? " (lower bound)"
            : archive?["mode"]?.GetValue<string>() is { } mode ? $" ({mode})" : "";
        rows.Add(("archive msg/s into PostgreSQL" + archiveLabel, Number(archive?["archiveMessagesPerSecond"]), null, "≥ 20,000", v => v >= 20_000));
        rows.Add(("archive lag p50 at 1,000 msg/s (ms)", Number(archive?["lag"]?["lagP50Ms"]), null, "< 1,000", v => v < 1000));
        rows.Add(("archive lag p99 at 1,000 msg/s (ms)", Number(archive?["lag"]?["lagP99Ms"]), null, "", null));
        rows.Add(("new authenticated connections/s without errors", Number(Load($"{tag}-connect-rate-ladder")?["highestConnectionsPerSecondWithoutErrors"]), Number(Load($"{tag}-connect-rate-baseline")?["highestConnectionsPerSecondWithoutErrors"]), "", null));

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Run {tag}: Ladder against the baseline and the targets");
        md.AppendLine();
        md.AppendLine("| figure | Ladder | baseline (bare Kestrel broadcast, same generator) | Ladder / baseline | target | met |");
        md.AppendLine("|---|---:|---:|---:|---:|:---:|");
        foreach (var (metric, ladder, baseline, target, met) in rows)
        {
            var ratio = ladder is { } l && baseline is { } b && b != 0 ? (l / b).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "";
            var verdict = ladder is { } value && met is not null ? (met(value) ? "yes" : "**no**") : "";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {metric} | {Format(ladder)} | {Format(baseline)} | {ratio} | {target} | {verdict} |");
        }

        var path = Path.Combine(directory, $"{tag}-summary.md");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    private static double? Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<double>(out var number) && double.IsFinite(number) ? number : null;

    private static double? FirstNode(JsonNode? idle, string field) =>
        idle?["perNode"] is JsonObject perNode && perNode.FirstOrDefault().Value is { } node ? Number(node[field]) : null;

    private static JsonNode? Step20k(JsonNode? fanout) =>
        (fanout?["steps"] as JsonArray)?.FirstOrDefault(step => Number(step?["offeredDeliveriesPerSecond"]) == 20_000)?["median"];

    private static double? At20k(JsonNode? fanout, string field) => Number(Step20k(fanout)?[field]);

    private static double? At20kRole(JsonNode? fanout, string role) => Number(Step20k(fanout)?["cpuPer1kByRole"]?[role]);

    private static string Format(double? value) => value switch
    {
        null => "–",
        >= 1000 => value.Value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => value.Value.ToString("0.#", CultureInfo.InvariantCulture),
        >= 1 => value.Value.ToString("0.##", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("0.####", CultureInfo.InvariantCulture),
    };
}
