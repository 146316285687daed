namespace Ladder.ChatNode.Diagnostics;

/// <summary>
/// The delivery latencies recorded between two stats ticks, as percentiles. Keeps at most a fixed number of samples
/// per tick by reservoir sampling, so a busy node pays a lock and a slot per routed message, never a list that grows
/// with traffic.
/// </summary>
/// <param name="capacity">Samples kept per tick: the node's window keeps 2,048; a room's a few dozen, since every
/// room has one.</param>
internal sealed class LatencyWindow(int capacity = LatencyWindow.NodeCapacity)
{
    public const int NodeCapacity = 2048;

    /// <summary>A room's window: enough for a p99 of a busy room's tick, 512 bytes per room.</summary>
    public const int RoomCapacity = 64;

    private readonly Lock gate = new();
    private readonly double[] samples = new double[capacity];
    private long seen;

    private int Capacity => samples.Length;

    public void Record(double milliseconds)
    {
        lock (gate)
        {
            var slot = seen < Capacity ? seen : Random.Shared.NextInt64(seen + 1);
            if (slot < Capacity)
            {
                samples[slot] = milliseconds;
            }

            seen++;
        }
    }

    public (double P50, double P99) Take()
    {
        double[] taken;
        lock (gate)
        {
            taken = samples[..(int)Math.Min(seen, Capacity)];
            seen = 0;
        }

        if (taken.Length == 0)
        {
            return (0, 0);
        }

        Array.Sort(taken);
        return (Percentile(taken, 0.50), Percentile(taken, 0.99));
    }

    private static double Percentile(double[] sorted, double rank) =>
        Math.Round(sorted[(int)Math.Clamp(Math.Ceiling(rank * sorted.Length) - 1, 0, sorted.Length - 1)], 1);
}
