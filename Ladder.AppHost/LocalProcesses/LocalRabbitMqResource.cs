namespace Ladder.AppHost.LocalProcesses;

/// <summary>A RabbitMQ node run from Debian's Erlang release, with its own config, cookie and mnesia directory.</summary>
internal sealed class LocalRabbitMqResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string ClientEndpointName = "tcp";
    public const string UserName = "ladder";

    private EndpointReference ClientEndpoint => new(this, ClientEndpointName);

    public ParameterResource Password => password;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"amqp://{UserName}:{password:uri}@127.0.0.1:{ClientEndpoint.Property(EndpointProperty.Port)}");
}
