using System.Text.Json.Nodes;
using Ladder.Bench.Stats;

namespace Ladder.Bench.Scenarios;

/// <summary>The figures of one measured fan-out window; the median of a step's windows is what is reported.</summary>
public sealed record WindowFigures(
    double SentPerSecond,
    double DeliveredPerSecond,
    double Loss,
    double P50,
    double P90,
    double P99,
    double Max,
    double ServerCpuPer1k,
    double GeneratorCpuPer1k,
    double MachineBusyShare,
    JsonObject CpuPer1kByRole)
{
    public static WindowFigures MedianOf(IReadOnlyList<WindowFigures> windows)
    {
        var byServerCpu = windows.OrderBy(w => w.ServerCpuPer1k).ToArray();
        return new WindowFigures(
            Summary.Median(windows.Select(w => w.SentPerSecond)),
            Summary.Median(windows.Select(w => w.DeliveredPerSecond)),
            Summary.Median(windows.Select(w => w.Loss)),
            Summary.Median(windows.Select(w => w.P50)),
            Summary.Median(windows.Select(w => w.P90)),
            Summary.Median(windows.Select(w => w.P99)),
            Summary.Median(windows.Select(w => w.Max)),
            Summary.Median(windows.Select(w => w.ServerCpuPer1k)),
            Summary.Median(windows.Select(w => w.GeneratorCpuPer1k)),
            Summary.Median(windows.Select(w => w.MachineBusyShare)),
            (JsonObject)byServerCpu[byServerCpu.Length / 2].CpuPer1kByRole.DeepClone());
    }

    public JsonObject ToJson() => new()
    {
        ["sentPerSecond"] = Summary.Round(SentPerSecond, 1),
        ["deliveredPerSecond"] = Summary.Round(DeliveredPerSecond, 0),
        ["loss"] = Summary.Round(Loss, 5),
        ["p50Ms"] = Summary.Round(P50),
        ["p90Ms"] = Summary.Round(P90),
        ["p99Ms"] = Summary.Round(P99),
        ["maxMs"] = Summary.Round(Max),
        ["serverCpuSecondsPer1k"] = Summary.Round(ServerCpuPer1k, 5),
        ["generatorCpuSecondsPer1k"] = Summary.Round(GeneratorCpuPer1k, 5),
        ["machineBusyShare"] = Summary.Round(MachineBusyShare, 3),
        ["cpuPer1kByRole"] = CpuPer1kByRole.DeepClone(),
    };
}
