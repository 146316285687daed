using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ladder.AppHost.Health;

/// <summary>
/// Healthy when a majority of the servers answer their full <c>/healthz</c>: JetStream is enabled, a meta leader is
/// elected and the server is current with it. Less than a majority cannot elect a leader, so no stream can be
/// written and the services must not start against it.
/// </summary>
internal sealed class NatsClusterHealthCheck(IReadOnlyList<EndpointReference> monitors) : IHealthCheck
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var answers = await Task.WhenAll(monitors.Select(monitor => IsCurrentAsync(monitor, cancellationToken)));
        var current = answers.Count(answer => answer);
        var description = $"{current} of {monitors.Count} servers current";
        return current > monitors.Count / 2 ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description);
    }

    private static async Task<bool> IsCurrentAsync(EndpointReference monitor, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(new Uri(monitor.Url), "/healthz"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            // Down, not yet started (no allocated endpoint), or too slow to count as current.
            return false;
        }
    }
}
