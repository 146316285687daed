namespace Ladder.ChatNode.RateLimiting;

/// <summary>A token bucket: <c>burst</c> tokens, refilled at <c>perSecond</c>.</summary>
internal sealed class TokenBucket(double perSecond, int burst, long nowTicks)
{
    private readonly object gate = new();
    private double tokens = burst;
    private long updatedTicks = nowTicks;

    public TimeSpan IdleFor(long nowTicks) => TimeSpan.FromTicks(nowTicks - Volatile.Read(ref updatedTicks));

    /// <summary>Takes a token; otherwise the time until one is there.</summary>
    public bool TryTake(long nowTicks, out TimeSpan retryAfter)
    {
        lock (gate)
        {
            var elapsed = TimeSpan.FromTicks(Math.Max(0, nowTicks - updatedTicks)).TotalSeconds;
            tokens = Math.Min(burst, tokens + (elapsed * perSecond));
            updatedTicks = nowTicks;
            if (tokens >= 1)
            {
                tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds((1 - tokens) / perSecond);
            return false;
        }
    }
}
