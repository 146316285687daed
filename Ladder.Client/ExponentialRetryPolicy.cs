namespace Ladder.Client;

/// <summary>The default retry policy: right after a drop of a working connection a random wait within
/// <see cref="MinDelay"/> (so the clients of a killed node do not all come back at once), then exponential backoff
/// with equal jitter up to <see cref="MaxDelay"/>; stops after <see cref="GiveUpAfter"/> without a working
/// connection, or never when it is null.</summary>
public sealed class ExponentialRetryPolicy(TimeSpan minDelay, TimeSpan maxDelay, TimeSpan? giveUpAfter = null) : ILadderRetryPolicy
{
    /// <summary>The first backoff step: the wait right after a drop is random within it.</summary>
    public TimeSpan MinDelay { get; } = minDelay;

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxDelay { get; } = maxDelay;

    /// <summary>How long without a working connection before giving up; null never gives up.</summary>
    public TimeSpan? GiveUpAfter { get; } = giveUpAfter;

    /// <inheritdoc/>
    public TimeSpan? NextRetryDelay(LadderRetryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (GiveUpAfter is { } limit && context.ElapsedTime >= limit)
        {
            return null;
        }

        return Internal.Backoff.Delay(context.PreviousRetryCount, MinDelay, MaxDelay);
    }
}
