using Ladder.AppHost.Health;
using Ladder.AppHost.Nats;
using Microsoft.Extensions.DependencyInjection;

namespace Ladder.AppHost.LocalProcesses;

/// <summary>
/// The backing services as local processes from the distribution's packages, for machines without a container
/// engine. Each gets its own loopback port and data directory under <c>Ladder:DataDirectory</c>, and is stopped
/// with the AppHost.
/// </summary>
internal static class LocalBackingServices
{
    public static Infrastructure Add(IDistributedApplicationBuilder builder, LadderHostSettings settings)
    {
        var binaries = LocalBinaries.Ensure();
        var natsPassword = NatsCredentials.AddPassword(builder);
        return new Infrastructure(
            LocalNatsCluster.Add(builder, settings.Nats, PrivateDataDirectory(settings, "nats"),
                (name, storeDirectory, clusterConfiguration) => AddNats(builder, binaries, natsPassword, name, storeDirectory, clusterConfiguration)).AsConnectionString(),
            AddRedis(builder, binaries, PrivateDataDirectory(settings, "redis")).AsConnectionString(),
            AddPostgres(builder, binaries, DataDirectory(settings, "postgres")).AsConnectionString(),
            AddRabbitMq(builder, binaries, PrivateDataDirectory(settings, "rabbitmq")).AsConnectionString());
    }

    private static string DataDirectory(LadderHostSettings settings, string service)
    {
        var directory = Path.Combine(settings.DataDirectory, service);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>A data directory only the AppHost's user may enter: it holds configuration with passwords. Not for
    /// PostgreSQL, whose script hands its directory to the postgres user when run as root.</summary>
    private static string PrivateDataDirectory(LadderHostSettings settings, string service)
    {
        Directory.CreateDirectory(settings.DataDirectory);
        return PrivateFiles.CreateDirectory(Path.Combine(settings.DataDirectory, service));
    }

    /// <summary>One <c>nats-server</c> of the cluster (or the only one), storing under <paramref name="dataDirectory"/>.</summary>
    private static IResourceBuilder<LocalNatsResource> AddNats(
        IDistributedApplicationBuilder builder, LocalBinaries binaries, IResourceBuilder<ParameterResource> password,
        string name, string dataDirectory, string clusterConfiguration)
    {
        var port = FreePort.Next();
        var monitorPort = FreePort.Next();
        var configuration = Path.Combine(dataDirectory, NatsCredentials.ConfigurationFileName);
        PrivateFiles.Write(configuration, NatsCredentials.Configuration + clusterConfiguration);
        return builder.AddResource(new LocalNatsResource(name, binaries.NatsServer, dataDirectory, password.Resource))
            .WithArgs(["-c", configuration, "-a", "127.0.0.1", "-p", port.ToString(), "-m", monitorPort.ToString(),
                "-js", "-sd", dataDirectory, "-n", name])
            .WithEnvironment(NatsCredentials.PasswordVariable, password)
            .WithEndpoint(name: LocalNatsResource.ClientEndpointName, scheme: "tcp", port: port, targetPort: port, isProxied: false)
            .WithHttpEndpoint(name: LocalNatsResource.MonitorEndpointName, port: monitorPort, targetPort: monitorPort, isProxied: false)
            .WithHttpHealthCheck("/healthz?js-enabled-only=true", endpointName: LocalNatsResource.MonitorEndpointName);
    }

    private static IResourceBuilder<LocalRedisResource> AddRedis(IDistributedApplicationBuilder builder, LocalBinaries binaries, string dataDirectory)
    {
        var port = FreePort.Next();
        // The same parameter name as Aspire's Redis container, so one stored password serves both modes.
        var password = builder.AddParameter("redis-password", new GenerateParameterDefault { MinLength = 22, Special = false }, secret: true, persist: true);
        var configuration = Path.Combine(dataDirectory, "redis.conf");
        // redis-server takes the password only from a file or its command line; the file is owner-only, the command
        // line is not.
        var redis = builder.AddResource(new LocalRedisResource("redis", binaries.RedisServer, dataDirectory, password.Resource))
            .WithArgs(configuration, "--port", port.ToString(), "--bind", "127.0.0.1", "--dir", dataDirectory,
                "--save", "", "--appendonly", "no", "--daemonize", "no")
            .WithEndpoint(name: LocalRedisResource.ClientEndpointName, scheme: "tcp", port: port, targetPort: port, isProxied: false)
            .WithRoundTripHealthCheck(resource => new RedisPingHealthCheck(resource));

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(redis.Resource, async (_, cancellationToken) =>
            PrivateFiles.Write(configuration, RedisConfiguration(await password.Resource.GetValueAsync(cancellationToken) ?? "")));

        return redis;
    }

    private static string RedisConfiguration(string password)
    {
        var quoted = password.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        return $"requirepass \"{quoted}\"\n";
    }

    private static IResourceBuilder<LocalPostgresDatabaseResource> AddPostgres(IDistributedApplicationBuilder builder, LocalBinaries binaries, string dataDirectory)
    {
        var port = FreePort.Next();
        var password = builder.AddParameter("postgres-password", new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: true);
        var script = Path.Combine(builder.AppHostDirectory, "LocalProcesses", "scripts", "postgres.sh");
        var server = builder.AddResource(new LocalPostgresResource("postgres", "bash", dataDirectory, password.Resource))
            .WithArgs(script)
            .WithEnvironment("LADDER_PG_BIN", binaries.PostgresBin)
            .WithEnvironment("LADDER_PG_DATA", Path.Combine(dataDirectory, "data"))
            .WithEnvironment("LADDER_PG_PORT", port.ToString())
            .WithEnvironment("LADDER_PG_PASSWORD", password)
            .WithEnvironment("LADDER_PG_DATABASES", "ladder")
            .WithEndpoint(name: LocalPostgresResource.ClientEndpointName, scheme: "tcp", port: port, targetPort: port, isProxied: false)
            .WithRoundTripHealthCheck(resource => new PostgresQueryHealthCheck(resource));

        var database = builder.AddResource(new LocalPostgresDatabaseResource("ladder", "ladder", server.Resource))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [],
            })
            .WithRoundTripHealthCheck(resource => new PostgresQueryHealthCheck(resource));

        // A resource that is not a process has no lifecycle of its own: it runs once its server is ready.
        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (@event, _) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            await notifications.PublishUpdateAsync(database.Resource, snapshot => snapshot with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            });
        });

        return database;
    }

    private static IResourceBuilder<LocalRabbitMqResource> AddRabbitMq(IDistributedApplicationBuilder builder, LocalBinaries binaries, string dataDirectory)
    {
        var epmdPort = FreePort.Next();
        var port = FreePort.Next();
        var distributionPort = FreePort.Next();

        // epmd as a resource of its own: started by Erlang on demand it would daemonize and outlive the AppHost.
        var epmd = builder.AddExecutable("rabbitmq-epmd", binaries.Epmd, dataDirectory, "-address", "127.0.0.1", "-port", epmdPort.ToString())
            .WithRoundTripHealthCheck(_ => new TcpConnectHealthCheck(epmdPort));

        var password = builder.AddParameter("rabbitmq-password", new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: true);
        var layout = new RabbitMqLayout(dataDirectory);
        var rabbitMq = builder.AddResource(new LocalRabbitMqResource("rabbitmq", binaries.RabbitMqServer, dataDirectory, password.Resource))
            .WithEnvironment(context =>
            {
                foreach (var (name, value) in layout.Environment(port, distributionPort, epmdPort))
                {
                    context.EnvironmentVariables[name] = value;
                }
            })
            .WithEndpoint(name: LocalRabbitMqResource.ClientEndpointName, scheme: "tcp", port: port, targetPort: port, isProxied: false)
            .WithRoundTripHealthCheck(resource => new RabbitMqConnectionHealthCheck(resource))
            .WaitFor(epmd);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(rabbitMq.Resource, async (_, cancellationToken) =>
            layout.WriteConfiguration(port, LocalRabbitMqResource.UserName, await password.Resource.GetValueAsync(cancellationToken) ?? ""));

        return rabbitMq;
    }
}
