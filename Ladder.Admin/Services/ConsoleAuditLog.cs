using Ladder.Contracts.Archive;
using Npgsql;
using NpgsqlTypes;

namespace Ladder.Admin.Services;

/// <summary>
/// Writes the console's own events (sign-ins, failures, throttles, sign-outs, account changes) into the moderation audit
/// log, beside the archiver's moderation rows. The actor is in <c>moderator</c>, the account acted on in
/// <c>target_user</c>, the client address and details in <c>reason</c>; <c>command_id</c> stays null (no bus command).
/// </summary>
internal sealed class ConsoleAuditLog(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>The audit table's name columns are 64 characters; a longer typed user name is cut.</summary>
    private const int NameLength = 64;

    private const string Insert = $"""
        INSERT INTO {ArchiveTables.ModerationAudit} (at, moderator, action, target_user, reason)
        VALUES ($1, $2, $3, $4, $5)
        """;

    public async Task WriteAsync(string actor, string action, string? targetUser, string? reason, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Insert);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = time.GetUtcNow().UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Cut(actor) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = action });
        command.Parameters.Add(new NpgsqlParameter { Value = targetUser is null ? DBNull.Value : Cut(targetUser), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)reason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Cut(string name) => name.Length <= NameLength ? name : name[..NameLength];
}
