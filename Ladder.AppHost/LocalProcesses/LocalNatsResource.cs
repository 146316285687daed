namespace Ladder.AppHost.LocalProcesses;

/// <summary><c>nats-server</c> with JetStream on file storage, run by the AppHost as a local process.</summary>
internal sealed class LocalNatsResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string ClientEndpointName = "tcp";
    public const string MonitorEndpointName = "monitor";

    private EndpointReference ClientEndpoint => new(this, ClientEndpointName);

    public ParameterResource Password => password;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"nats://{NatsCredentials.UserName}:{password:uri}@127.0.0.1:{ClientEndpoint.Property(EndpointProperty.Port)}");
}
