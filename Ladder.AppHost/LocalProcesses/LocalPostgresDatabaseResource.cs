namespace Ladder.AppHost.LocalProcesses;

/// <summary>A database on a <see cref="LocalPostgresResource"/>; created by the start script on first run.</summary>
internal sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public LocalPostgresResource Parent => parent;

    public string DatabaseName => databaseName;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{parent};Database={databaseName}");
}
