namespace Ladder.Client.Internal;

/// <summary>Runs its action once, on the first dispose.</summary>
internal sealed class Subscription(Action unsubscribe) : IDisposable
{
    private Action? _unsubscribe = unsubscribe;

    public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
}
