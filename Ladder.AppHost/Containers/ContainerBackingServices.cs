using Ladder.AppHost.Nats;

namespace Ladder.AppHost.Containers;

/// <summary>The backing services as containers, with Aspire's own integrations where one exists.</summary>
internal static class ContainerBackingServices
{
    public static Infrastructure Add(IDistributedApplicationBuilder builder, NatsClusterLayout layout)
    {
        // Containers reach each other by resource name on Aspire's container network, so every server listens for
        // routes on the same port and solicits the others by name.
        static string RouteHostPort(int number) => $"{NatsClusterLayout.ServerName(number)}:{NatsClusterLayout.ContainerRoutePort}";
        var routePassword = NatsClusterLayout.NewRoutePassword();
        var natsPassword = NatsCredentials.AddPassword(builder);
        var nats = builder.AddNatsCluster("nats", layout, number =>
        {
            var name = NatsClusterLayout.ServerName(number);
            return builder.AddResource(new NatsContainerResource(name, natsPassword.Resource))
                .WithImage("library/nats", "2.10")
                .WithImageRegistry("docker.io")
                .WithContainerFiles("/etc/ladder", [new ContainerFile
                {
                    Name = NatsCredentials.ConfigurationFileName,
                    Contents = NatsCredentials.Configuration
                        + layout.ClusterConfiguration(number, $"0.0.0.0:{NatsClusterLayout.ContainerRoutePort}", RouteHostPort, routePassword),
                }])
                .WithArgs(["-c", "/etc/ladder/" + NatsCredentials.ConfigurationFileName, "-js", "-sd", "/data", "-m", "8222", "-n", name])
                .WithEnvironment(NatsCredentials.PasswordVariable, natsPassword)
                // One server keeps the volume it always had; a cluster's servers each get their own.
                .WithVolume(layout.IsClustered ? $"ladder-{name}-data" : "ladder-nats-data", "/data")
                .WithEndpoint(targetPort: 4222, name: NatsContainerResource.ClientEndpointName, scheme: "tcp")
                .WithHttpEndpoint(targetPort: 8222, name: NatsContainerResource.MonitorEndpointName)
                .WithHttpHealthCheck("/healthz?js-enabled-only=true", endpointName: NatsContainerResource.MonitorEndpointName);
        }, NatsContainerResource.MonitorEndpointName);

        // Aspire's Redis, PostgreSQL and RabbitMQ generate their own secret password parameters (redis-password,
        // postgres-password, rabbitmq-password), the names the local processes use too.
        var redis = builder.AddRedis("redis");
        var database = builder.AddPostgres("postgres").WithDataVolume("ladder-postgres-data").AddDatabase("ladder");
        var rabbitMq = builder.AddRabbitMQ("rabbitmq").WithDataVolume("ladder-rabbitmq-data");

        return new Infrastructure(
            nats.AsConnectionString(),
            redis.AsConnectionString(),
            database.AsConnectionString(),
            rabbitMq.AsConnectionString());
    }
}
