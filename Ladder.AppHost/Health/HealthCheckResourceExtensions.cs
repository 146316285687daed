using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ladder.AppHost.Health;

internal static class HealthCheckResourceExtensions
{
    /// <summary>Registers a health check made for this resource and makes the resource's health (and so every
    /// <c>WaitFor</c> on it) depend on it.</summary>
    public static IResourceBuilder<T> WithRoundTripHealthCheck<T>(this IResourceBuilder<T> builder, Func<T, IHealthCheck> create)
        where T : IResource
    {
        var key = $"{builder.Resource.Name}-round-trip";
        var resource = builder.Resource;
        builder.ApplicationBuilder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(key, _ => create(resource), HealthStatus.Unhealthy, tags: null, timeout: TimeSpan.FromSeconds(5)));
        return builder.WithHealthCheck(key);
    }
}
