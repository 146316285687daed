using Ladder.AppHost;

using Ladder.AppHost.Containers;
using Ladder.AppHost.LocalProcesses;

var builder = DistributedApplication.CreateBuilder(args);
var settings = LadderHostSettings.From(builder);
var traceSampleRatio = TraceSampling.Ratio(builder.Configuration);

// Infrastructure: the same four services with the same connection-string names whichever way they run,
// so no service can tell containers from local processes.
var infrastructure = settings.BackingServices == BackingServiceMode.Containers
    ? ContainerBackingServices.Add(builder, settings.Nats)
    : LocalBackingServices.Add(builder, settings);

// Secrets are generated on first run and kept in the AppHost's user secrets, never in the repository.
var signingKey = builder.AddParameter("token-signing-key", new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true);
var adminPassword = builder.AddParameter("admin-password", new GenerateParameterDefault { MinLength = 20, Special = false }, secret: true, persist: true);

// Every service answers only these Host names: loopback for a local run, Ladder:AllowedHosts elsewhere.
var allowedHosts = AllowedHostList.From(builder);

// Chat nodes chat-1 … chat-N (Ladder:ChatNodes): each on its own endpoint so clients (and tests) can pick a node.
for (var i = 0; i < settings.ChatPorts.Count; i++)
{
    builder.AddChatNode($"chat-{i + 1}", settings.ChatPorts[i], infrastructure, signingKey, allowedHosts, settings.ChatPorts,
            settings.Tls is { } tls ? (tls, tls.PortFor(i + 1)) : null)
        .WithEnvironment("Chat__Log__Replicas", settings.Nats.Replicas.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .WithTraceSampling(traceSampleRatio);
}

// Archiver: JetStream → RabbitMQ → PostgreSQL.
builder.AddProject<Projects.Ladder_Archiver>("archiver", launchProfileName: null)
    .WithHostEnvironment()
    .WithAllowedHosts(allowedHosts)
    .WithHttpEndpoint(port: settings.ArchiverPort, isProxied: false)
    .WithHttpHealthCheck("/health")
    .WithEnvironment("Archiver__Relay__Replicas", settings.Nats.Replicas.ToString(System.Globalization.CultureInfo.InvariantCulture))
    .WithReference(infrastructure.Nats).WaitFor(infrastructure.Nats)
    .WithReference(infrastructure.RabbitMq).WaitFor(infrastructure.RabbitMq)
    .WithReference(infrastructure.Database).WaitFor(infrastructure.Database)
    .WithReference(infrastructure.Redis).WaitFor(infrastructure.Redis)
    .WithTraceSampling(traceSampleRatio);

// Admin console, reading the dashboard's telemetry with a key of its own (dashboard-api-key, run mode only).
builder.AddAdminConsole(settings.AdminPort, infrastructure, adminPassword, allowedHosts)
    .WithTraceSampling(traceSampleRatio);

builder.Build().Run();
