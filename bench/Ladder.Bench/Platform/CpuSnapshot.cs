namespace Ladder.Bench.Platform;

/// <summary>CPU ticks of each measured process (by pid, with its role) and of the whole machine at one instant.</summary>
public sealed record CpuSnapshot(long Timestamp, IReadOnlyDictionary<int, (string Role, long Ticks)> Ticks, long MachineBusy, long MachineTotal);
