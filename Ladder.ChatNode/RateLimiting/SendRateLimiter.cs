using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.RateLimiting;

/// <summary>Sends per user on this node (a token bucket each; idle buckets are forgotten).</summary>
internal sealed class SendRateLimiter(IOptions<SendLimitOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, TokenBucket> buckets = new(StringComparer.Ordinal);
    private readonly SendLimitOptions limits = options.Value;
    private long lastSweepTicks;

    /// <summary>True when the user may send now; otherwise how long to wait.</summary>
    public bool TryAcquire(string user, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow().UtcTicks;
        SweepIfDue(now);
        var bucket = buckets.GetOrAdd(user, static (_, state) => new TokenBucket(state.limits.SendsPerSecond, state.limits.SendBurst, state.now), (limits, now));
        return bucket.TryTake(now, out retryAfter);
    }

    /// <summary>A bucket idle long enough to be full again carries no information.</summary>
    private void SweepIfDue(long now)
    {
        var last = Interlocked.Read(ref lastSweepTicks);
        var refill = TimeSpan.FromSeconds(limits.SendBurst / limits.SendsPerSecond);
        if (now - last < TimeSpan.FromMinutes(1).Ticks || Interlocked.CompareExchange(ref lastSweepTicks, now, last) != last)
        {
            return;
        }

        foreach (var (user, bucket) in buckets)
        {
            if (bucket.IdleFor(now) > refill)
            {
                buckets.TryRemove(user, out _);
            }
        }
    }
}
