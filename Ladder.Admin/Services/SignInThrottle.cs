using Ladder.Contracts.Archive;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ladder.Admin.Services;

/// <summary>
/// Counts failed sign-ins in PostgreSQL (so every console instance sees the same counts) per client address and per
/// (account, address). Either reaching its limit within <see cref="AdminOptions.FailureWindow"/> blocks that scope for
/// <see cref="AdminOptions.LockoutDuration"/>. Nothing is counted per account alone: an address that never failed is
/// never refused, so nobody can keep an account locked from elsewhere.
/// </summary>
internal sealed class SignInThrottle(NpgsqlDataSource dataSource, IOptions<AdminOptions> options, TimeProvider time)
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private const string ReadBlock = $"""
        SELECT max(blocked_until) FROM {ArchiveTables.ConsoleSignInFailures} WHERE scope = ANY($1) AND blocked_until > $2
        """;

    // A failure after the window has passed starts a new one.
    private const string CountFailure = $"""
        INSERT INTO {ArchiveTables.ConsoleSignInFailures} AS f (scope, failures, window_started_at)
        VALUES ($1, 1, $2)
        ON CONFLICT (scope) DO UPDATE
        SET failures = CASE WHEN f.window_started_at <= $3 THEN 1 ELSE f.failures + 1 END,
            window_started_at = CASE WHEN f.window_started_at <= $3 THEN $2 ELSE f.window_started_at END
        RETURNING failures
        """;

    private const string Block = $"""
        UPDATE {ArchiveTables.ConsoleSignInFailures} SET failures = 0, window_started_at = $2, blocked_until = $3 WHERE scope = $1
        """;

    private const string Clear = $"DELETE FROM {ArchiveTables.ConsoleSignInFailures} WHERE scope = $1";

    private const string Sweep = $"""
        DELETE FROM {ArchiveTables.ConsoleSignInFailures} WHERE window_started_at <= $1 AND (blocked_until IS NULL OR blocked_until <= $2)
        """;

    private long nextSweepTicks;

    /// <summary>How long <paramref name="address"/> must wait before trying <paramref name="userName"/>, or null.</summary>
    public async Task<TimeSpan?> RetryAfterAsync(string userName, string address, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var command = dataSource.CreateCommand(ReadBlock);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [AddressScope(address), AccountScope(userName, address)] });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime });
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime until
            ? new DateTimeOffset(until, TimeSpan.Zero) - now
            : null;
    }

    /// <summary>Counts a failure in both scopes; returns the wait when it blocked one of them.</summary>
    public async Task<TimeSpan?> RecordFailureAsync(string userName, string address, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var now = time.GetUtcNow();
        await SweepIfDueAsync(now, cancellationToken);
        var blocked = await CountAsync(AddressScope(address), limits.MaxFailedSignInsPerAddress, now, cancellationToken);
        blocked |= await CountAsync(AccountScope(userName, address), limits.MaxFailedSignIns, now, cancellationToken);
        return blocked ? limits.LockoutDuration : null;
    }

    /// <summary>A success forgets the account's failures from that address (not the address's: a valid account of
    /// one's own must not reset the guessing budget for others).</summary>
    public async Task ClearAsync(string userName, string address, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Clear);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = AccountScope(userName, address) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<bool> CountAsync(string scope, int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        int failures;
        await using (var count = new NpgsqlCommand(CountFailure, connection))
        {
            count.Parameters.Add(new NpgsqlParameter<string> { TypedValue = scope });
            count.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime });
            count.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = (now - options.Value.FailureWindow).UtcDateTime });
            failures = (int)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        if (failures < limit)
        {
            return false;
        }

        await using var block = new NpgsqlCommand(Block, connection);
        block.Parameters.Add(new NpgsqlParameter<string> { TypedValue = scope });
        block.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime });
        block.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = (now + options.Value.LockoutDuration).UtcDateTime });
        await block.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    // Rows from addresses that stopped failing would otherwise stay for ever.
    private async Task SweepIfDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref nextSweepTicks, (now + SweepInterval).UtcTicks, due) != due)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(Sweep);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = (now - options.Value.FailureWindow).UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string AddressScope(string address) => $"address:{address}";

    // Names are case-sensitive here as in accounts.user_name.
    private static string AccountScope(string userName, string address) => $"account:{address}:{(userName.Length <= 64 ? userName : userName[..64])}";
}
