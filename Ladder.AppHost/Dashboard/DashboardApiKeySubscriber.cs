using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;

namespace Ladder.AppHost.Dashboard;

/// <summary>
/// Keys the Aspire dashboard's telemetry API (<c>/api/telemetry/…</c>) with the <c>dashboard-api-key</c> parameter,
/// so the admin console, given the same parameter, can read the recent warnings and traces. Aspire keys that API with
/// a key of its own (<c>AppHost:DashboardApiKey</c>) that it hands to no resource; the dashboard reads
/// <c>Dashboard:Api:AuthMode</c> and <c>Dashboard:Api:PrimaryApiKey</c> from its environment, which the AppHost sets.
/// </summary>
/// <remarks>Registered after Aspire's own dashboard subscriber (the builder registers that one), so its
/// <see cref="BeforeStartEvent"/> handler runs once the dashboard resource exists, and the environment it adds comes
/// after, and wins over, Aspire's. Without a dashboard (the tests) there is nothing to key.</remarks>
internal sealed class DashboardApiKeySubscriber : IDistributedApplicationEventingSubscriber
{
    public const string DashboardResourceName = "aspire-dashboard";

    public const string ParameterName = "dashboard-api-key";

    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            var dashboard = @event.Model.Resources.SingleOrDefault(resource => resource.Name == DashboardResourceName);
            var key = @event.Model.Resources.OfType<ParameterResource>().SingleOrDefault(parameter => parameter.Name == ParameterName);
            if (dashboard is not null && key is not null)
            {
                dashboard.Annotations.Add(new EnvironmentCallbackAnnotation((EnvironmentCallbackContext context) =>
                {
                    context.EnvironmentVariables["DASHBOARD__API__AUTHMODE"] = "ApiKey";
                    context.EnvironmentVariables["DASHBOARD__API__PRIMARYAPIKEY"] = key;
                }));
            }

            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }
}
