using System.Diagnostics;

namespace Ladder.Bench.Platform;

/// <summary>Takes CPU snapshots of the measured processes, the generator itself and the machine.</summary>
public sealed class CpuMeter(PlatformProcesses processes)
{
    public const string Generator = "generator";

    public CpuSnapshot Take()
    {
        var ticks = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (role, pid) in processes.Pids)
        {
            ticks[role] = ProcFs.CpuTicks(pid);
        }

        ticks[Generator] = ProcFs.CpuTicks(Environment.ProcessId);
        var (busy, total) = ProcFs.MachineTicks();
        return new CpuSnapshot(Stopwatch.GetTimestamp(), ticks, busy, total);
    }

    public static CpuUsage Between(CpuSnapshot start, CpuSnapshot end)
    {
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (role, before) in start.Ticks)
        {
            if (before >= 0 && end.Ticks.TryGetValue(role, out var after) && after >= before)
            {
                seconds[role] = (after - before) / ProcFs.TicksPerSecond;
            }
        }

        return new CpuUsage(
            Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds,
            seconds,
            (end.MachineBusy - start.MachineBusy) / ProcFs.TicksPerSecond,
            (end.MachineTotal - start.MachineTotal) / ProcFs.TicksPerSecond);
    }
}
