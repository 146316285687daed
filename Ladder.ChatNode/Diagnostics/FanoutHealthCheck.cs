using Ladder.ChatNode.Fanout;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ladder.ChatNode.Diagnostics;

/// <summary>Unhealthy until the fan-out reads the log: before that, this node can accept no member.</summary>
internal sealed class FanoutHealthCheck(LogFanout fanout) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(fanout.IsRunning
            ? HealthCheckResult.Healthy($"following {fanout.FollowedRooms} rooms")
            : HealthCheckResult.Unhealthy("the fan-out is not reading the log"));
}
