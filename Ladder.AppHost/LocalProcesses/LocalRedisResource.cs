namespace Ladder.AppHost.LocalProcesses;

/// <summary><c>redis-server</c> without persistence: Redis only holds state Ladder may lose.</summary>
internal sealed class LocalRedisResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string ClientEndpointName = "tcp";

    private EndpointReference ClientEndpoint => new(this, ClientEndpointName);

    public ParameterResource Password => password;

    // The same form as Aspire's Redis container, so a service cannot tell the two apart.
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{ClientEndpoint.Property(EndpointProperty.Port)},password={password}");
}
