namespace Ladder.AppHost.Containers;

/// <summary>The backing services as containers, with Aspire's own integrations where one exists.</summary>
internal static class ContainerBackingServices
{
    public static Infrastructure Add(IDistributedApplicationBuilder builder)
    {
        var nats = builder.AddResource(new NatsContainerResource("nats"))
            .WithImage("library/nats", "2.10")
            .WithImageRegistry("docker.io")
            .WithArgs("-js", "-sd", "/data", "-m", "8222")
            .WithVolume("ladder-nats-data", "/data")
            .WithEndpoint(targetPort: 4222, name: NatsContainerResource.ClientEndpointName, scheme: "tcp")
            .WithHttpEndpoint(targetPort: 8222, name: NatsContainerResource.MonitorEndpointName)
            .WithHttpHealthCheck("/healthz?js-enabled-only=true", endpointName: NatsContainerResource.MonitorEndpointName);

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
