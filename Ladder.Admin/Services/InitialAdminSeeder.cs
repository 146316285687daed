using Microsoft.Extensions.Options;
using Npgsql;

namespace Ladder.Admin.Services;

/// <summary>
/// Creates the first administrator, <c>admin</c>, with the password the AppHost passes in. The archiver owns the schema and
/// may not have applied it yet when the console starts, so this waits for the table instead of failing the start.
/// </summary>
internal sealed partial class InitialAdminSeeder(AccountStore accounts, IOptions<AdminOptions> options, ILogger<InitialAdminSeeder> logger)
    : BackgroundService
{
    public const string AdminUser = "admin";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                var created = await accounts.CreateAsync(AdminUser, "Administrator", "admin", options.Value.InitialPassword, stoppingToken);
                LogSeeded(created);
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                // 42P01 undefined_table: the archiver's migrations have not run yet; or PostgreSQL is not reachable.
                LogWaiting(exception.Message);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Initial admin account ready (created now: {Created})")]
    private partial void LogSeeded(bool created);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Waiting for the accounts table: {Reason}")]
    private partial void LogWaiting(string reason);
}
