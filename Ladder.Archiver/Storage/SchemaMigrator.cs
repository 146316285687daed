using FluentMigrator.Runner;
using Npgsql;

namespace Ladder.Archiver.Storage;

/// <summary>
/// Applies the FluentMigrator migrations at start, before the bus and the relay start (hosted services start in
/// registration order), so no write ever meets a missing table. Waits for PostgreSQL if it is not up yet.
/// </summary>
internal sealed partial class SchemaMigrator(
    IServiceScopeFactory scopes,
    NpgsqlDataSource dataSource,
    UnreachableDatabaseRetry retry,
    ILogger<SchemaMigrator> logger) : IHostedService
{
    /// <summary>Several archivers start together; one migrates while the others wait on this lock.</summary>
    private const long MigrationLockKey = 0x4C61_6464_6572_0002;

    public async Task StartAsync(CancellationToken cancellationToken) =>
        await retry.ExecuteAsync(async token =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(token);
            await using (var acquire = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection))
            {
                acquire.Parameters.Add(new NpgsqlParameter<long> { TypedValue = MigrationLockKey });
                await acquire.ExecuteNonQueryAsync(token);
            }

            try
            {
                using var scope = scopes.CreateScope();
                var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
                runner.MigrateUp();
                LogMigrated();
            }
            finally
            {
                // Closing the session would release it too; unlocking keeps the pooled connection clean.
                await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
                release.Parameters.Add(new NpgsqlParameter<long> { TypedValue = MigrationLockKey });
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Archive schema is up to date")]
    private partial void LogMigrated();
}
