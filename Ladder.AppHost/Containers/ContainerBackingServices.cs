namespace Ladder.AppHost.Containers;

/// <summary>The backing services as containers, with Aspire's own integrations where one exists.</summary>
internal static class ContainerBackingServices
{
    public static Infrastructure Add(IDistributedApplicationBuilder builder)
    {
        var natsPassword = NatsCredentials.AddPassword(builder);
        var nats = builder.AddResource(new NatsContainerResource("nats", natsPassword.Resource))
            .WithImage("library/nats", "2.10")
            .WithImageRegistry("docker.io")
            .WithContainerFiles("/etc/ladder", [new ContainerFile { Name = NatsCredentials.ConfigurationFileName, Contents = NatsCredentials.Configuration }])
            .WithArgs("-c", "/etc/ladder/" + NatsCredentials.ConfigurationFileName, "-js", "-sd", "/data", "-m", "8222")
            .WithEnvironment(NatsCredentials.PasswordVariable, natsPassword)
            .WithVolume("ladder-nats-data", "/data")
            .WithEndpoint(targetPort: 4222, name: NatsContainerResource.ClientEndpointName, scheme: "tcp")
            .WithHttpEndpoint(targetPort: 8222, name: NatsContainerResource.MonitorEndpointName)
            .WithHttpHealthCheck("/healthz?js-enabled-only=true", endpointName: NatsContainerResource.MonitorEndpointName);

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
