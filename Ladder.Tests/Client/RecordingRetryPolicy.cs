using Ladder.Client;

namespace Ladder.Tests.Client;

/// <summary>Delegates to another policy and remembers what it was asked and what it answered.</summary>
internal sealed class RecordingRetryPolicy(ILadderRetryPolicy inner) : ILadderRetryPolicy
{
    private readonly List<LadderRetryContext> _asked = [];
    private readonly List<TimeSpan> _delays = [];

    public IReadOnlyList<LadderRetryContext> Asked
    {
        get { lock (_asked) { return [.. _asked]; } }
    }

    public IReadOnlyList<TimeSpan> Delays
    {
        get { lock (_asked) { return [.. _delays]; } }
    }

    public TimeSpan? NextRetryDelay(LadderRetryContext context)
    {
        var delay = inner.NextRetryDelay(context);
        lock (_asked)
        {
            _asked.Add(context);
            if (delay is { } value)
            {
                _delays.Add(value);
            }
        }

        return delay;
    }
}
