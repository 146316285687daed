using System.Collections.Concurrent;
using Ladder.ChatNode.RateLimiting;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.ServerApi;

/// <summary>Calls per key on this node: a token bucket each (<see cref="ServerApiOptions.RequestsPerSecond"/>,
/// <see cref="ServerApiOptions.RequestBurst"/>). Per node, not shared: a backend spreading calls over N nodes gets N
/// budgets, which the operator sizes for (keys are few and trusted; the limit stops a runaway loop, not an attacker).</summary>
internal sealed class ServerApiRateLimiter(IOptions<ServerApiOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, TokenBucket> buckets = new(StringComparer.Ordinal);

    public bool TryAcquire(string keyId, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow().UtcTicks;
        var limits = options.Value;
        var bucket = buckets.GetOrAdd(keyId, static (_, state) => new TokenBucket(state.limits.RequestsPerSecond, state.limits.RequestBurst, state.now), (limits, now));
        return bucket.TryTake(now, out retryAfter);
    }
}
