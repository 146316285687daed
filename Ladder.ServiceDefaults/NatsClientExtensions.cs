using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Net;

namespace Ladder.ServiceDefaults;

/// <summary>
/// The NATS client for Ladder's services, from the connection string <c>ConnectionStrings:{name}</c> that the
/// AppHost injects (with the platform's NATS user and password). Aspire has no NATS integration of its own at this
/// version.
/// </summary>
public static class NatsClientExtensions
{
    public static IHostApplicationBuilder AddNatsClient(this IHostApplicationBuilder builder, string connectionName)
    {
        var url = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not set; start the service from the AppHost.");

        builder.Services.AddSingleton(services => new NatsConnection(NatsConnectionString.Apply(NatsOpts.Default, url) with
        {
            Name = builder.Environment.ApplicationName,
            LoggerFactory = services.GetRequiredService<ILoggerFactory>(),
            // Keep trying forever: a NATS restart must not need a service restart.
            MaxReconnectRetry = -1,
            // The default 2 s is too short for a machine busy starting a whole platform.
            ConnectTimeout = TimeSpan.FromSeconds(10),
        }));
        builder.Services.AddSingleton<INatsConnection>(services => services.GetRequiredService<NatsConnection>());
        builder.Services.AddSingleton<INatsJSContext>(services => services.GetRequiredService<NatsConnection>().CreateJetStreamContext());
        builder.Services.AddHealthChecks().AddCheck<NatsHealthCheck>("nats", HealthStatus.Unhealthy, ["ready"]);
        return builder;
    }
}
