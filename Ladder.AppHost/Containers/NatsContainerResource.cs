namespace Ladder.AppHost.Containers;

/// <summary>NATS with JetStream in a container; Aspire ships no NATS hosting integration of its own.</summary>
internal sealed class NatsContainerResource(string name, ParameterResource password) : ContainerResource(name), IResourceWithConnectionString
{
    public const string ClientEndpointName = "tcp";
    public const string MonitorEndpointName = "monitor";

    private EndpointReference ClientEndpoint => new(this, ClientEndpointName);

    public ParameterResource Password => password;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create(
            $"nats://{NatsCredentials.UserName}:{password:uri}@{ClientEndpoint.Property(EndpointProperty.Host)}:{ClientEndpoint.Property(EndpointProperty.Port)}");
}
