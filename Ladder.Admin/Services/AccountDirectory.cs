using System.Text.RegularExpressions;
using Ladder.Contracts.Archive;
using Npgsql;

namespace Ladder.Admin.Services;

/// <summary>
/// The accounts page's operations (admins only): list the console accounts, create a moderator, disable or enable one.
/// Disabling also revokes the account's sessions, so its open circuits end at their next revalidation. Each change is
/// audited.
/// </summary>
internal sealed partial class AccountDirectory(
    NpgsqlDataSource dataSource,
    AccountStore accounts,
    ConsoleSessions sessions,
    ConsoleAuditLog audit)
{
    public const int MinPasswordLength = 12;

    private const string List = $"""
        SELECT user_name, display_name, role, disabled, created_at, last_sign_in_at
        FROM {ArchiveTables.Accounts}
        WHERE role IN ('{ConsoleRoles.Admin}', '{ConsoleRoles.Moderator}')
        ORDER BY user_name
        """;

    private const string SetDisabled = $"""
        UPDATE {ArchiveTables.Accounts} SET disabled = $2
        WHERE user_name = $1 AND role IN ('{ConsoleRoles.Admin}', '{ConsoleRoles.Moderator}') AND disabled <> $2
        """;

    public async Task<IReadOnlyList<ConsoleAccount>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(List);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ConsoleAccount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ConsoleAccount(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetString(2),
                reader.GetBoolean(3),
                new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero),
                reader.IsDBNull(5) ? null : new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero)));
        }

        return rows;
    }

    /// <summary>Creates a moderator; returns why not, or null when created.</summary>
    public async Task<string?> CreateModeratorAsync(string userName, string? displayName, string password, string actor, CancellationToken cancellationToken)
    {
        if (!UserNamePattern().IsMatch(userName))
        {
            return "A user name is 2–64 letters, digits, '.', '_' or '-'.";
        }

        if (password.Length < MinPasswordLength)
        {
            return $"A password has at least {MinPasswordLength} characters.";
        }

        if (!await accounts.CreateAsync(userName, string.IsNullOrWhiteSpace(displayName) ? userName : displayName.Trim(), ConsoleRoles.Moderator, password, cancellationToken))
        {
            return $"An account named {userName} exists already.";
        }

        await audit.WriteAsync(actor, ConsoleAuditActions.AccountCreated, userName, "role moderator", cancellationToken);
        return null;
    }

    /// <summary>Disables or enables a console account; returns why not, or null when done.</summary>
    public async Task<string?> SetDisabledAsync(string userName, bool disabled, string actor, CancellationToken cancellationToken)
    {
        if (disabled && userName == actor)
        {
            return "You cannot disable your own account.";
        }

        await using (var command = dataSource.CreateCommand(SetDisabled))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = userName });
            command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = disabled });
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return $"{userName} is not a console account or is {(disabled ? "disabled" : "enabled")} already.";
            }
        }

        if (disabled)
        {
            await sessions.RevokeAllAsync(userName, cancellationToken);
        }

        await audit.WriteAsync(actor, disabled ? ConsoleAuditActions.AccountDisabled : ConsoleAuditActions.AccountEnabled, userName, null, cancellationToken);
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{2,64}$")]
    private static partial Regex UserNamePattern();
}
