using Microsoft.Extensions.Configuration;

namespace Ladder.AppHost;

internal static class ChatNodeResourceExtensions
{
    /// <summary>Adds one chat node. Every <c>Ladder__Chat__*</c> setting of the AppHost's configuration is passed on,
    /// so a benchmark or a test can raise or lower the limits of all nodes at once.</summary>
    public static IResourceBuilder<ProjectResource> AddChatNode(
        this IDistributedApplicationBuilder builder,
        string name,
        int port,
        Infrastructure infrastructure,
        IResourceBuilder<ParameterResource> signingKey,
        ReferenceExpression allowedHosts,
        IReadOnlyList<int> chatPorts,
        (ChatTls Settings, int Port)? tls = null)
    {
        var node = builder.AddProject<Projects.Ladder_ChatNode>(name, launchProfileName: null)
            .WithHostEnvironment()
            .WithAllowedHosts(allowedHosts)
            .WithHttpEndpoint(port: port, isProxied: false)
            .WithHttpHealthCheck("/health")
            .WithEnvironment("Chat__NodeName", name)
            .WithEnvironment("Chat__PublicUrl", "http://127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("Auth__SigningKey", signingKey)
            .WithReference(infrastructure.Nats).WaitFor(infrastructure.Nats)
            .WithReference(infrastructure.Redis).WaitFor(infrastructure.Redis)
            .WithReference(infrastructure.Database).WaitFor(infrastructure.Database)
            .WithReference(infrastructure.RabbitMq).WaitFor(infrastructure.RabbitMq);

        if (tls is var (settings, tlsPort))
        {
            // Kestrel's default certificate serves the https URL Aspire adds to ASPNETCORE_URLS.
            node.WithHttpsEndpoint(port: tlsPort, isProxied: false)
                .WithEnvironment("Kestrel__Certificates__Default__Path", settings.CertificatePath);
            if (settings.KeyPath is { } key)
            {
                node.WithEnvironment("Kestrel__Certificates__Default__KeyPath", key);
            }
        }

        // Every node's own pages may open sockets to every node (the demo page fails over between them).
        var origins = chatPorts.SelectMany(chatPort => new[] { $"http://127.0.0.1:{chatPort}", $"http://localhost:{chatPort}" }).ToList();
        for (var i = 0; i < origins.Count; i++)
        {
            node.WithEnvironment($"Chat__AllowedOrigins__{i}", origins[i]);
        }

        // Development tokens (POST /dev/token) are for this machine's own run only, never for a published platform;
        // Ladder:Chat:DevTokens=false below turns them off here too.
        if (builder.ExecutionContext.IsRunMode)
        {
            node.WithEnvironment("Chat__DevTokens", "true");
        }

        foreach (var setting in builder.Configuration.GetSection("Ladder:Chat").AsEnumerable(true))
        {
            if (setting.Value is not null)
            {
                node.WithEnvironment("Chat__" + setting.Key.Replace(":", "__", StringComparison.Ordinal), setting.Value);
            }
        }

        return node;
    }
}
