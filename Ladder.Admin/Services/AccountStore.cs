using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ladder.Admin.Services;

/// <summary>
/// Console accounts in PostgreSQL (<c>accounts</c>), passwords hashed with ASP.NET Core Identity's PBKDF2
/// <see cref="PasswordHasher{TUser}"/>. Repeated wrong passwords lock the account for a while, counted in the row so the
/// lock holds across console instances and restarts.
/// </summary>
internal sealed partial class AccountStore(
    NpgsqlDataSource dataSource,
    IPasswordHasher<ModeratorAccount> hasher,
    IOptions<AdminOptions> options,
    TimeProvider time,
    ILogger<AccountStore> logger)
{
    /// <summary>Roles that may sign in to the console; <c>accounts</c> also holds plain users.</summary>
    private static readonly string[] ConsoleRoles = ["admin", "moderator"];

    private const string ReadAccount = $"""
        SELECT password_hash, role, disabled, failed_sign_ins, locked_until
        FROM {AdminSchema.Accounts} WHERE user_name = $1
        """;

    private const string RecordFailure = $"""
        UPDATE {AdminSchema.Accounts}
        SET failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= $2 THEN 0 ELSE failed_sign_ins + 1 END,
            locked_until = CASE WHEN failed_sign_ins + 1 >= $2 THEN $3 ELSE locked_until END
        WHERE user_name = $1
        RETURNING locked_until
        """;

    private const string RecordSuccess = $"""
        UPDATE {AdminSchema.Accounts}
        SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = $2, password_hash = COALESCE($3, password_hash)
        WHERE user_name = $1
        """;

    private const string InsertAccount = $"""
        INSERT INTO {AdminSchema.Accounts} (user_name, display_name, role, password_hash)
        VALUES ($1, $2, $3, $4)
        ON CONFLICT (user_name) DO NOTHING
        """;

    // Verified against when the user does not exist, so an unknown name costs as much time as a wrong password.
    private readonly Lazy<string> decoyHash = new(() => hasher.HashPassword(new ModeratorAccount("", ""), Guid.NewGuid().ToString()));

    public async Task<SignInResult> SignInAsync(string userName, string password, CancellationToken cancellationToken)
    {
        try
        {
            return await VerifyAsync(userName, password, cancellationToken);
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

    private async Task<SignInResult> VerifyAsync(string userName, string password, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        string? hash;
        string role;
        bool disabled;
        DateTimeOffset? lockedUntil;
        await using (var read = new NpgsqlCommand(ReadAccount, connection))
        {
            read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = userName });
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                hasher.VerifyHashedPassword(new ModeratorAccount(userName, ""), decoyHash.Value, password);
                return new SignInResult(SignInOutcome.Failed, null);
            }

            hash = reader.IsDBNull(0) ? null : reader.GetString(0);
            role = reader.GetString(1);
            disabled = reader.GetBoolean(2);
            lockedUntil = reader.IsDBNull(4) ? null : new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero);
        }

        var now = time.GetUtcNow();
        if (lockedUntil > now)
        {
            LogLockedOut(userName);
            return new SignInResult(SignInOutcome.LockedOut, null);
        }

        var account = new ModeratorAccount(userName, role);
        var verdict = hash is null ? PasswordVerificationResult.Failed : hasher.VerifyHashedPassword(account, hash, password);
        if (verdict == PasswordVerificationResult.Failed || disabled || !ConsoleRoles.Contains(role))
        {
            var limits = options.Value;
            await using var fail = new NpgsqlCommand(RecordFailure, connection);
            fail.Parameters.Add(new NpgsqlParameter<string> { TypedValue = userName });
            fail.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limits.MaxFailedSignIns });
            fail.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = (now + limits.LockoutDuration).UtcDateTime });
            var locked = await fail.ExecuteScalarAsync(cancellationToken) is DateTime until && until > now.UtcDateTime;
            LogSignInFailed(userName, locked);
            return new SignInResult(locked ? SignInOutcome.LockedOut : SignInOutcome.Failed, null);
        }

        await using var success = new NpgsqlCommand(RecordSuccess, connection);
        success.Parameters.Add(new NpgsqlParameter<string> { TypedValue = userName });
        success.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime });
        // An old hash format is upgraded on the way.
        success.Parameters.Add(new NpgsqlParameter
        {
            Value = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(account, password) : DBNull.Value,
            NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text,
        });
        await success.ExecuteNonQueryAsync(cancellationToken);
        LogSignedIn(userName);
        return new SignInResult(SignInOutcome.Succeeded, account);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{User} signed in to the console")]
    private partial void LogSignedIn(string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused for {User} (locked now: {Locked})")]
    private partial void LogSignInFailed(string user, bool locked);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused for {User}: account locked")]
    private partial void LogLockedOut(string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account store unavailable: {Reason}")]
    private partial void LogStoreUnavailable(string reason);
}
