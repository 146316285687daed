using Ladder.Client;

namespace Ladder.Tests.Client;

/// <summary>Retries quickly <c>maxRetries</c> times after a drop, then gives up; remembers what it was asked.</summary>
internal sealed class CountingRetryPolicy(int maxRetries) : ILadderRetryPolicy
{
    private readonly List<LadderRetryContext> _asked = [];

    public IReadOnlyList<LadderRetryContext> Asked
    {
        get { lock (_asked) { return [.. _asked]; } }
    }

    public TimeSpan? NextRetryDelay(LadderRetryContext context)
    {
        lock (_asked)
        {
            _asked.Add(context);
        }

        return context.PreviousRetryCount >= maxRetries ? null : TimeSpan.FromMilliseconds(20);
    }
}
