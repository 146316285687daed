using System.Numerics;

namespace Ladder.Bench.Stats;

/// <summary>
/// A lock-free log-linear histogram of microseconds (64 sub-buckets per power of two, so within ~1.6 %), recorded from
/// many receive loops at once without allocation.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBits = 6;
    private const int Sub = 1 << SubBits;
    private readonly long[] counts = new long[Sub * 2 + (40 * Sub)];
    private long count;
    private long max;
    private long sum;

    public long Count => Interlocked.Read(ref count);

    public double MaxMs => Interlocked.Read(ref max) / 1000.0;

    public double MeanMs => Count == 0 ? 0 : Interlocked.Read(ref sum) / 1000.0 / Count;

    public void Record(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }

        Interlocked.Increment(ref counts[Index(micros)]);
        Interlocked.Increment(ref count);
        Interlocked.Add(ref sum, micros);
        var seen = Interlocked.Read(ref max);
        while (micros > seen)
        {
            var previous = Interlocked.CompareExchange(ref max, micros, seen);
            if (previous == seen)
            {
                break;
            }

            seen = previous;
        }
    }

    /// <summary>The value at quantile <paramref name="q"/> (0–1) in milliseconds, from the bucket's midpoint.</summary>
    public double PercentileMs(double q)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += Interlocked.Read(ref counts[i]);
            if (seen >= Math.Max(1, rank))
            {
                var (low, high) = Bounds(i);
                return Math.Min((low + high) / 2.0, Interlocked.Read(ref max)) / 1000.0;
            }
        }

        return MaxMs;
    }

    private static int Index(long value)
    {
        if (value < Sub * 2)
        {
            return (int)value;
        }

        var exponent = 63 - BitOperations.LeadingZeroCount((ulong)value) - SubBits;
        var index = Sub * 2 + ((exponent - 1) * Sub) + (int)((value >> exponent) - Sub);
        return Math.Min(index, (Sub * 2) + (40 * Sub) - 1);
    }

    private static (double Low, double High) Bounds(int index)
    {
        if (index < Sub * 2)
        {
            return (index, index + 1);
        }

        var exponent = ((index - (Sub * 2)) / Sub) + 1;
        var mantissa = ((index - (Sub * 2)) % Sub) + Sub;
        var low = (double)mantissa * (1L << exponent);
        return (low, low + (1L << exponent));
    }
}
