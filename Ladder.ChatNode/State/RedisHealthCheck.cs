using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ladder.ChatNode.State;

/// <summary>Redis down is Degraded, never Unhealthy: chat goes on without presence, typing and shared limits.</summary>
internal sealed class RedisHealthCheck(RedisAvailability redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected)
        {
            return HealthCheckResult.Degraded("Redis is unreachable: presence, typing and shared rate limits work per node only");
        }

        try
        {
            var latency = await redis.Database.PingAsync();
            return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:F1} ms");
        }
        catch (Exception exception) when (exception is StackExchange.Redis.RedisException or TimeoutException)
        {
            return HealthCheckResult.Degraded("Redis does not answer", exception);
        }
    }
}
