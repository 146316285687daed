namespace Ladder.AppHost.LocalProcesses;

/// <summary>A PostgreSQL server started by <c>scripts/postgres.sh</c> (which drops root, as PostgreSQL demands).</summary>
internal sealed class LocalPostgresResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string ClientEndpointName = "tcp";
    public const string UserName = "postgres";

    private EndpointReference ClientEndpoint => new(this, ClientEndpointName);

    public ParameterResource Password => password;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Host=127.0.0.1;Port={ClientEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={password}");
}
