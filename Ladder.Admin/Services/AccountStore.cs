using Ladder.Contracts.Archive;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Ladder.Admin.Services;

/// <summary>
/// Console accounts in PostgreSQL (<c>accounts</c>), passwords hashed with ASP.NET Core Identity's PBKDF2
/// <see cref="PasswordHasher{TUser}"/>. Wrong passwords are throttled per client address and per (account, address) by
/// <see cref="SignInThrottle"/>, never per account alone; every attempt lands in the audit log.
/// </summary>
internal sealed partial class AccountStore(
    NpgsqlDataSource dataSource,
    IPasswordHasher<ModeratorAccount> hasher,
    SignInThrottle throttle,
    ConsoleAuditLog audit,
    TimeProvider time,
    ILogger<AccountStore> logger)
{
    private const string ReadAccount = $"""
        SELECT password_hash, role, disabled FROM {ArchiveTables.Accounts} WHERE user_name = $1
        """;

    private const string RecordSuccess = $"""
        UPDATE {ArchiveTables.Accounts}
        SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = $2, password_hash = COALESCE($3, password_hash)
        WHERE user_name = $1
        """;

    private const string InsertAccount = $"""
        INSERT INTO {ArchiveTables.Accounts} (user_name, display_name, role, password_hash)
        VALUES ($1, $2, $3, $4)
        ON CONFLICT (user_name) DO NOTHING
        """;

    // Verified against when the user does not exist, so an unknown name costs as much time as a wrong password.
    private readonly Lazy<string> decoyHash = new(() => hasher.HashPassword(new ModeratorAccount("", ""), Guid.NewGuid().ToString()));

    /// <param name="address">The client's address as <see cref="ClientAddress.Of"/> gives it.</param>
    public async Task<SignInResult> SignInAsync(string userName, string password, string address, CancellationToken cancellationToken)
    {
        try
        {
            if (await throttle.RetryAfterAsync(userName, address, cancellationToken) is { } wait)
            {
                await audit.WriteAsync(userName, ConsoleAuditActions.SignInThrottled, userName, Reason(address, wait), cancellationToken);
                LogThrottled(userName, address);
                return new SignInResult(SignInOutcome.Throttled, null, wait);
            }

            if (await VerifyAsync(userName, password, cancellationToken) is not { } account)
            {
                var blocked = await throttle.RecordFailureAsync(userName, address, cancellationToken);
                await audit.WriteAsync(userName, ConsoleAuditActions.SignInFailed, userName, Reason(address, blocked), cancellationToken);
                LogSignInFailed(userName, address, blocked is not null);
                return blocked is { } retryAfter
                    ? new SignInResult(SignInOutcome.Throttled, null, retryAfter)
                    : new SignInResult(SignInOutcome.Failed, null);
            }

            await throttle.ClearAsync(userName, address, cancellationToken);
            await audit.WriteAsync(userName, ConsoleAuditActions.SignIn, userName, Reason(address, null), cancellationToken);
            LogSignedIn(userName, address);
            return new SignInResult(SignInOutcome.Succeeded, account);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            LogStoreUnavailable(exception.Message);
            return new SignInResult(SignInOutcome.Unavailable, null);
        }
    }

    /// <summary>Creates the account unless it exists (an existing password is never overwritten).</summary>
    public async Task<bool> CreateAsync(string userName, string displayName, string role, string password, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(InsertAccount);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = userName });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = displayName });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = role });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = hasher.HashPassword(new ModeratorAccount(userName, role), password) });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>The account when the password is right and it may use the console; null otherwise.</summary>
    private async Task<ModeratorAccount?> VerifyAsync(string userName, string password, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        string? hash;
        string role;
        bool disabled;
        await using (var read = new NpgsqlCommand(ReadAccount, connection))
        {
            read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = userName });
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                hasher.VerifyHashedPassword(new ModeratorAccount(userName, ""), decoyHash.Value, password);
                return null;
            }

            hash = reader.IsDBNull(0) ? null : reader.GetString(0);
            role = reader.GetString(1);
            disabled = reader.GetBoolean(2);
        }

        var account = new ModeratorAccount(userName, role);
        var verdict = hash is null ? PasswordVerificationResult.Failed : hasher.VerifyHashedPassword(account, hash, password);
        if (verdict == PasswordVerificationResult.Failed || disabled || !ConsoleRoles.CanSignIn(role))
        {
            return null;
        }

        await using var success = new NpgsqlCommand(RecordSuccess, connection);
        success.Parameters.Add(new NpgsqlParameter<string> { TypedValue = userName });
        success.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = time.GetUtcNow().UtcDateTime });
        // An old hash format is upgraded on the way.
        success.Parameters.Add(new NpgsqlParameter
        {
            Value = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(account, password) : DBNull.Value,
            NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text,
        });
        await success.ExecuteNonQueryAsync(cancellationToken);
        return account;
    }

    private static string Reason(string address, TimeSpan? retryAfter) =>
        retryAfter is { } wait ? $"from {address}; blocked for {Math.Ceiling(wait.TotalSeconds):0} s" : $"from {address}";

    [LoggerMessage(Level = LogLevel.Information, Message = "{User} signed in to the console from {Address}")]
    private partial void LogSignedIn(string user, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused for {User} from {Address} (blocked now: {Blocked})")]
    private partial void LogSignInFailed(string user, string address, bool blocked);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in throttled for {User} from {Address}")]
    private partial void LogThrottled(string user, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account store unavailable: {Reason}")]
    private partial void LogStoreUnavailable(string reason);
}
