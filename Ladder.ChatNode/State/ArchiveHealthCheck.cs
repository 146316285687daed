using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Ladder.ChatNode.State;

/// <summary>PostgreSQL down is Degraded for a chat node: chat goes on, only history answers an error.</summary>
internal sealed class ArchiveHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Degraded("the archive is unreachable: history answers internal", exception);
        }
    }
}
