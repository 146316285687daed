namespace Ladder.Admin.Services;

/// <summary>
/// The last <see cref="Capacity"/> samples (<c>Admin:ChartWindow</c> ÷ <c>Admin:SampleInterval</c>), oldest first, and
/// the pages watching them. Memory is bounded by the capacity; a page gets each new sample as it is added.
/// </summary>
public sealed class MetricsWindow
{
    private readonly Lock gate = new();
    private readonly Queue<MetricSample> samples = new();
    private readonly List<Func<MetricSample, Task>> handlers = [];

    public MetricsWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public IReadOnlyList<MetricSample> Samples
    {
        get
        {
            lock (gate)
            {
                return [.. samples];
            }
        }
    }

    public MetricSample? Latest
    {
        get
        {
            lock (gate)
            {
                return samples.Count > 0 ? samples.Last() : null;
            }
        }
    }

    public async Task AddAsync(MetricSample sample)
    {
        Func<MetricSample, Task>[] current;
        lock (gate)
        {
            samples.Enqueue(sample);
            while (samples.Count > Capacity)
            {
                samples.Dequeue();
            }

            current = [.. handlers];
        }

        foreach (var handler in current)
        {
            try
            {
                await handler(sample);
            }
            catch (ObjectDisposedException)
            {
                // A circuit torn down since the copy above.
            }
        }
    }

    public IDisposable Subscribe(Func<MetricSample, Task> handler)
    {
        lock (gate)
        {
            handlers.Add(handler);
        }

        return new Subscription(this, handler);
    }

    private void Unsubscribe(Func<MetricSample, Task> handler)
    {
        lock (gate)
        {
            handlers.Remove(handler);
        }
    }

    private sealed class Subscription(MetricsWindow owner, Func<MetricSample, Task> handler) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Unsubscribe(handler);
            }
        }
    }
}
