namespace Ladder.AppHost;

/// <summary>The backing services every Ladder service references, by their connection-string names.</summary>
internal sealed record Infrastructure(
    IResourceBuilder<IResourceWithConnectionString> Nats,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> RabbitMq);
