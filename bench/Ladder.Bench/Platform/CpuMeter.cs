using System.Diagnostics;

namespace Ladder.Bench.Platform;

/// <summary>Takes CPU snapshots of the measured processes, the generator itself and the machine.</summary>
public sealed class CpuMeter(PlatformProcesses processes)
{
    public const string Generator = "generator";

    public CpuSnapshot Take()
    {
        var ticks = new Dictionary<int, (string, long)>();
        foreach (var (pid, role) in processes.CurrentProcesses())
        {
            var value = ProcFs.CpuTicks(pid);
            if (value >= 0)
            {
                ticks[pid] = (role, value);
            }
        }

        ticks[Environment.ProcessId] = (Generator, ProcFs.CpuTicks(Environment.ProcessId));
        var (busy, total) = ProcFs.MachineTicks();
        return new CpuSnapshot(Stopwatch.GetTimestamp(), ticks, busy, total);
    }

    public static CpuUsage Between(CpuSnapshot start, CpuSnapshot end)
    {
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (pid, (role, after)) in end.Ticks)
        {
            // A process started in between (a database backend) counts from zero.
            var before = start.Ticks.TryGetValue(pid, out var earlier) ? earlier.Ticks : 0;
            if (after >= before)
            {
                seconds[role] = seconds.GetValueOrDefault(role) + ((after - before) / ProcFs.TicksPerSecond);
            }
        }

        return new CpuUsage(
            Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds,
            seconds,
            (end.MachineBusy - start.MachineBusy) / ProcFs.TicksPerSecond,
            (end.MachineTotal - start.MachineTotal) / ProcFs.TicksPerSecond);
    }
}
