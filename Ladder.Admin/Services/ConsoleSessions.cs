using System.Security.Claims;
using Ladder.Contracts.Archive;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ladder.Admin.Services;

/// <summary>
/// Server-side console sessions (<c>console_sessions</c>). The cookie carries the session id; a cookie is honoured, and an
/// open circuit kept, only while that row is unrevoked, younger than <see cref="AdminOptions.SessionLifetime"/>, and its
/// account is enabled and still has the role the cookie names. Signing out revokes the row, so a copied cookie dies with
/// the session.
/// </summary>
internal sealed partial class ConsoleSessions(
    NpgsqlDataSource dataSource,
    ConsoleAuditLog audit,
    IOptions<AdminOptions> options,
    TimeProvider time,
    ILogger<ConsoleSessions> logger)
{
    public const string SessionClaim = "ladder:session";

    private const string Insert = $"""
        INSERT INTO {ArchiveTables.ConsoleSessions} (id, user_name, client_address, created_at) VALUES ($1, $2, $3, $4)
        """;

    // Revoked and expired rows go at each sign-in: a table that stays the size of the live sessions.
    private const string Prune = $"""
        DELETE FROM {ArchiveTables.ConsoleSessions} WHERE revoked_at IS NOT NULL OR created_at <= $1
        """;

    private const string Revoke = $"""
        UPDATE {ArchiveTables.ConsoleSessions} SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL
        """;

    private const string RevokeUser = $"""
        UPDATE {ArchiveTables.ConsoleSessions} SET revoked_at = $2 WHERE user_name = $1 AND revoked_at IS NULL
        """;

    private const string Read = $"""
        SELECT a.role, a.disabled
        FROM {ArchiveTables.ConsoleSessions} s JOIN {ArchiveTables.Accounts} a ON a.user_name = s.user_name
        WHERE s.id = $1 AND s.user_name = $2 AND s.revoked_at IS NULL AND s.created_at > $3
        """;

    /// <summary>Opens a session for an account that just proved its password; returns the principal for the cookie.</summary>
    public async Task<ClaimsPrincipal> StartAsync(ModeratorAccount account, string address, string authenticationType, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var now = time.GetUtcNow();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(Prune, new NpgsqlParameter<DateTime> { TypedValue = (now - options.Value.SessionLifetime).UtcDateTime }));
        batch.BatchCommands.Add(Command(
            Insert,
            new NpgsqlParameter<Guid> { TypedValue = id },
            new NpgsqlParameter<string> { TypedValue = account.UserName },
            new NpgsqlParameter<string> { TypedValue = address },
            new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime }));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, account.UserName),
                new Claim(ClaimTypes.Role, account.Role),
                new Claim(SessionClaim, id.ToString("N")),
            ],
            authenticationType));
    }

    /// <summary>Revokes the session <paramref name="user"/> holds and audits the sign-out.</summary>
    public async Task EndAsync(ClaimsPrincipal user, string address, CancellationToken cancellationToken)
    {
        if (SessionOf(user) is not { } session)
        {
            return;
        }

        await using (var command = dataSource.CreateCommand(Revoke))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = session.Id });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = time.GetUtcNow().UtcDateTime });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await audit.WriteAsync(session.UserName, ConsoleAuditActions.SignOut, session.UserName, $"from {address}", cancellationToken);
        LogSignedOut(session.UserName);
    }

    /// <summary>Revokes every session of an account (it was disabled).</summary>
    public async Task RevokeAllAsync(string userName, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(RevokeUser);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = userName });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = time.GetUtcNow().UtcDateTime });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Whether <paramref name="user"/> still holds a live session with the role it claims. Throws when the
    /// store cannot be read: the caller decides whether that ends the session.</summary>
    public async Task<bool> IsValidAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (SessionOf(user) is not { } session || user.FindFirstValue(ClaimTypes.Role) is not { } claimedRole)
        {
            return false;
        }

        await using var command = dataSource.CreateCommand(Read);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = session.Id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = session.UserName });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = (time.GetUtcNow() - options.Value.SessionLifetime).UtcDateTime });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return false;
        }

        var role = reader.GetString(0);
        return !reader.GetBoolean(1) && role == claimedRole && ConsoleRoles.CanSignIn(role);
    }

    private static (Guid Id, string UserName)? SessionOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
        && user.Identity.Name is { } name
        && Guid.TryParseExact(user.FindFirstValue(SessionClaim), "N", out var id)
            ? (id, name)
            : null;

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{User} signed out of the console")]
    private partial void LogSignedOut(string user);
}
