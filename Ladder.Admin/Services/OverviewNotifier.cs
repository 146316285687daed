namespace Ladder.Admin.Services;

/// <summary>
/// Hands the latest <see cref="OverviewSnapshot"/> to every page that watches it. One poll serves every open console;
/// <see cref="OverviewPoller"/> polls only while someone subscribes. A subscription ends when its handle is disposed.
/// </summary>
public sealed class OverviewNotifier
{
    private readonly Lock gate = new();
    private readonly List<Func<OverviewSnapshot, Task>> handlers = [];

    public OverviewSnapshot Latest { get; private set; } = OverviewSnapshot.Empty;

    public bool HasSubscribers
    {
        get
        {
            lock (gate)
            {
                return handlers.Count > 0;
            }
        }
    }

    /// <summary>Fires when the first page subscribes, so the poller can refresh at once instead of at its next tick.</summary>
    public event Action? FirstSubscribed;

    public IDisposable Subscribe(Func<OverviewSnapshot, Task> handler)
    {
        bool first;
        lock (gate)
        {
            handlers.Add(handler);
            first = handlers.Count == 1;
        }

        if (first)
        {
            FirstSubscribed?.Invoke();
        }

        return new Subscription(this, handler);
    }

    /// <summary>Stores <paramref name="snapshot"/> and hands it to every subscriber; one failing page does not stop the others.</summary>
    public async Task PublishAsync(OverviewSnapshot snapshot)
    {
        Func<OverviewSnapshot, Task>[] current;
        lock (gate)
        {
            Latest = snapshot;
            current = [.. handlers];
        }

        foreach (var handler in current)
        {
            try
            {
                await handler(snapshot);
            }
            catch (ObjectDisposedException)
            {
                // A circuit torn down between the copy above and now.
            }
        }
    }

    private void Unsubscribe(Func<OverviewSnapshot, Task> handler)
    {
        lock (gate)
        {
            handlers.Remove(handler);
        }
    }

    private sealed class Subscription(OverviewNotifier owner, Func<OverviewSnapshot, Task> handler) : IDisposable
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
