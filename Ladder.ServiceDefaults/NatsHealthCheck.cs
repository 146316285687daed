using Microsoft.Extensions.Diagnostics.HealthChecks;
using NATS.Client.Core;

namespace Ladder.ServiceDefaults;

/// <summary>Healthy when the shared connection is open and the server answers a PING.</summary>
internal sealed class NatsHealthCheck(NatsConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var roundTrip = await connection.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy($"round trip {roundTrip.TotalMilliseconds:F1} ms");
        }
        catch (Exception exception) when (exception is NatsException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"NATS is {connection.ConnectionState}", exception);
        }
    }
}
