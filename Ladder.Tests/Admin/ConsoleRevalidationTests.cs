using System.Security.Claims;
using Ladder.Admin.Services;
using Ladder.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ladder.Tests.Admin;

/// <summary>
/// An open circuit's revalidation against the real PostgreSQL when the session store cannot be read: the tables not
/// created yet (the console started before the archiver's migrations), the store unreadable past the grace, and the
/// circuit closing while its session is read. None of them logs the base class's "An error occurred while revalidating
/// authentication state".
/// </summary>
[Collection(LadderCollection.Name)]
public sealed class ConsoleRevalidationTests(LadderAppFixture fixture) : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";

    private readonly RecordingLoggerProvider log = new();
    private readonly string schema = $"reval_{Guid.NewGuid():N}"[..20];
    private PlatformStores stores = null!;
    private NpgsqlDataSource schemaSource = null!;

    public async Task InitializeAsync()
    {
        stores = await PlatformStores.OpenAsync(fixture);
        await ExecuteAsync($"CREATE SCHEMA {schema}");
        // A data source whose search path holds no tables: what the console sees before the schema is applied.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var builder = new NpgsqlConnectionStringBuilder(await fixture.App.GetConnectionStringAsync("ladder", timeout.Token)) { SearchPath = schema };
        schemaSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await schemaSource.DisposeAsync();
        await ExecuteAsync($"DROP SCHEMA {schema} CASCADE");
        await stores.DisposeAsync();
    }

    [Fact]
    public async Task ACircuitOpenedBeforeTheSchemaKeepsItsSessionAndIsCheckedOnceTheTablesAppear()
    {
        var (user, principal) = await SignedInModeratorAsync();
        using var provider = Provider(grace: TimeSpan.FromSeconds(60));
        var anonymous = Watch(provider, principal);

        // Revalidations fail on the missing table; the circuit stays signed in.
        await log.WaitForAsync(entry => entry.Message.Contains("circuit kept", StringComparison.Ordinal) && entry.Message.Contains("42P01", StringComparison.Ordinal),
            "a kept circuit", TimeSpan.FromSeconds(20));
        await log.WaitForAsync(entry => entry.Message.Contains("still unreadable", StringComparison.Ordinal), "a second failed read", TimeSpan.FromSeconds(20));
        Assert.False(anonymous.Task.IsCompleted);

        // The "migration" runs: the session is found and still valid, then revoked, and the next revalidation ends it.
        await CopyTablesAsync(user);
        await ExecuteAsync($"UPDATE {schema}.console_sessions SET revoked_at = now() WHERE user_name = '{user}'");
        await anonymous.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.DoesNotContain(log.Entries, entry => entry.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task AStoreUnreadablePastTheGraceEndsTheCircuitWithAWarningNotAnError()
    {
        var (_, principal) = await SignedInModeratorAsync();
        using var provider = Provider(grace: TimeSpan.FromSeconds(1));
        var anonymous = Watch(provider, principal);

        await anonymous.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Contains(log.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("circuit ended", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Entries, entry => entry.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task ACircuitClosingWhileItsSessionIsReadEndsQuietly()
    {
        var (user, principal) = await SignedInModeratorAsync();
        await CopyTablesAsync(user);
        var provider = Provider(grace: TimeSpan.FromSeconds(60));

        // Hold the sessions table so the next revalidation's read waits on the lock, then close the circuit.
        await using var holder = await stores.Database.OpenConnectionAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand($"LOCK TABLE {schema}.console_sessions IN ACCESS EXCLUSIVE MODE", holder, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var anonymous = Watch(provider, principal);
        await PlatformStores.EventuallyAsync(
            async () =>
            {
                await using var waiting = stores.Database.CreateCommand(
                    $"SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%console_sessions%' AND pid <> pg_backend_pid()");
                return (long)(await waiting.ExecuteScalarAsync())! > 0 ? "waiting" : null;
            },
            "a revalidation waiting on the lock");
        ((IDisposable)provider).Dispose();

        await log.WaitForAsync(entry => entry.Message.Contains("closed while its session was being read", StringComparison.Ordinal),
            "the quiet end of the loop", TimeSpan.FromSeconds(20));
        await transaction.RollbackAsync();

        Assert.False(anonymous.Task.IsCompleted);
        Assert.DoesNotContain(log.Entries, entry => entry.Level >= LogLevel.Error);
    }

    private ConsoleAuthenticationStateProvider Provider(TimeSpan grace)
    {
        var options = Options.Create(new AdminOptions
        {
            InitialPassword = "unused-here",
            RevalidationInterval = TimeSpan.FromMilliseconds(200),
            SessionStoreGrace = grace,
        });
        var loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(log));
        var sessions = new ConsoleSessions(schemaSource, new ConsoleAuditLog(schemaSource, TimeProvider.System), options, TimeProvider.System, NullLogger<ConsoleSessions>.Instance);
        return new ConsoleAuthenticationStateProvider(loggers, sessions, options, TimeProvider.System);
    }

    /// <summary>Gives the provider the signed-in state (which starts its revalidation loop) and completes once it turns
    /// anonymous.</summary>
    private static TaskCompletionSource Watch(ConsoleAuthenticationStateProvider provider, ClaimsPrincipal principal)
    {
        var anonymous = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state =>
        {
            if ((await state).User.Identity?.IsAuthenticated != true)
            {
                anonymous.TrySetResult();
            }
        };
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return anonymous;
    }

    private async Task<(string User, ClaimsPrincipal Principal)> SignedInModeratorAsync()
    {
        var console = new ConsoleStores(stores.Database);
        var user = ConsoleStores.NewUser("rev");
        Assert.True(await console.Accounts.CreateAsync(user, "Revalidation test", ConsoleRoles.Moderator, Password, CancellationToken.None));
        return (user, await console.Sessions.StartAsync(new ModeratorAccount(user, ConsoleRoles.Moderator), "10.0.0.1", "test", CancellationToken.None));
    }

    /// <summary>The accounts and sessions tables, with this user's rows, in the test's schema.</summary>
    private Task CopyTablesAsync(string user) => ExecuteAsync($"""
        CREATE TABLE {schema}.accounts (LIKE public.accounts INCLUDING ALL);
        INSERT INTO {schema}.accounts SELECT * FROM public.accounts WHERE user_name = '{user}';
        CREATE TABLE {schema}.console_sessions (LIKE public.console_sessions INCLUDING ALL);
        INSERT INTO {schema}.console_sessions SELECT * FROM public.console_sessions WHERE user_name = '{user}';
        """);

    private async Task ExecuteAsync(string sql)
    {
        await using var command = stores.Database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
