namespace Ladder.ChatNode.Access;

/// <summary>One (user, room)'s answer in <see cref="JoinHook"/>'s cache: pending while the request is in flight (every
/// caller for the key waits on the same task), then fresh until its TTL runs out.</summary>
internal sealed class JoinHookEntry
{
    private readonly TaskCompletionSource<JoinHookVerdict> source = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long freshUntil = long.MaxValue;

    public Task<JoinHookVerdict> Verdict => source.Task;

    /// <summary>In flight, or answered and not expired at the timestamp <paramref name="now"/>.</summary>
    public bool IsFresh(long now) => now < Volatile.Read(ref freshUntil);

    public void Complete(JoinHookVerdict verdict, long until)
    {
        Volatile.Write(ref freshUntil, until);
        source.TrySetResult(verdict);
    }
}
