using Aspire.Hosting.Lifecycle;
using Ladder.AppHost.Dashboard;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ladder.AppHost;

internal static class AdminConsoleResourceExtensions
{
    /// <summary>
    /// Adds the admin console, given the first administrator's password and the Aspire dashboard it reads telemetry
    /// from: the dashboard's URL and the <c>dashboard-api-key</c> parameter that keys the dashboard's telemetry API
    /// (<see cref="DashboardApiKeySubscriber"/>). Without a dashboard (the tests run without one) the console is told
    /// so, and its problems panel says so. Every <c>Ladder:Admin:*</c> setting of the AppHost's configuration is passed
    /// on last, so a test can point the console at a dashboard of its own.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddAdminConsole(
        this IDistributedApplicationBuilder builder,
        int port,
        Infrastructure infrastructure,
        IResourceBuilder<ParameterResource> adminPassword,
        ReferenceExpression allowedHosts)
    {
        var admin = builder.AddProject<Projects.Ladder_Admin>("admin", launchProfileName: null)
            .WithHostEnvironment()
            .WithAllowedHosts(allowedHosts)
            .WithHttpEndpoint(port: port, isProxied: false)
            .WithHttpHealthCheck("/health")
            .WithEnvironment("Admin__InitialPassword", adminPassword)
            .WithReference(infrastructure.Nats).WaitFor(infrastructure.Nats)
            .WithReference(infrastructure.Redis).WaitFor(infrastructure.Redis)
            .WithReference(infrastructure.RabbitMq).WaitFor(infrastructure.RabbitMq)
            .WithReference(infrastructure.Database).WaitFor(infrastructure.Database);

        if (builder.ExecutionContext.IsRunMode)
        {
            // Generated on first run and kept in the AppHost's user secrets like the other secrets; the dashboard is
            // keyed with it (it would otherwise keep a key of its own that no resource is given).
            var dashboardApiKey = builder.AddParameter(DashboardApiKeySubscriber.ParameterName,
                new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
            builder.Services.AddEventingSubscriber<DashboardApiKeySubscriber>();
            admin.WithEnvironment(context =>
            {
                // The dashboard resource is added to the model's resources (these) at start (BeforeStartEvent), before
                // any environment is read.
                if (builder.Resources.SingleOrDefault(resource => resource.Name == DashboardApiKeySubscriber.DashboardResourceName) is IResourceWithEndpoints dashboard
                    && dashboard.GetEndpoints().FirstOrDefault(endpoint => endpoint.EndpointName is "https" or "http") is { } frontend)
                {
                    context.EnvironmentVariables["Admin__DashboardUrl"] = frontend;
                    context.EnvironmentVariables["Admin__DashboardApiKey"] = dashboardApiKey.Resource;
                }
                else
                {
                    context.EnvironmentVariables["Admin__DashboardEnabled"] = "false";
                }
            });
        }

        foreach (var setting in builder.Configuration.GetSection("Ladder:Admin").AsEnumerable(true))
        {
            if (setting.Value is not null)
            {
                admin.WithEnvironment("Admin__" + setting.Key.Replace(":", "__", StringComparison.Ordinal), setting.Value);
            }
        }

        return admin;
    }
}
