namespace Ladder.Bench.Platform;

/// <summary>CPU ticks of each measured process and of the whole machine at one instant.</summary>
public sealed record CpuSnapshot(long Timestamp, IReadOnlyDictionary<string, long> Ticks, long MachineBusy, long MachineTotal);
