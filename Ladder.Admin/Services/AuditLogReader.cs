using Ladder.Contracts.Archive;
using Npgsql;
using NpgsqlTypes;

namespace Ladder.Admin.Services;

/// <summary>Reads the moderation audit log (written by the archiver's moderation consumers), newest first.</summary>
internal sealed class AuditLogReader(NpgsqlDataSource dataSource)
{
    // A null parameter switches its filter off, so one statement serves every combination.
    private const string Query = $"""
        SELECT id, at, moderator, action, room, target_user, target_seq, reason, expires_at
        FROM {ArchiveTables.ModerationAudit}
        WHERE ($1::text IS NULL OR moderator = $1)
          AND ($2::text IS NULL OR action = $2)
          AND ($3::text IS NULL OR room = $3)
          AND ($4::text IS NULL OR target_user = $4)
        ORDER BY at DESC, id DESC
        LIMIT $5
        """;

    public async Task<IReadOnlyList<AuditRow>> QueryAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        var normalized = filter.Normalized();
        await using var command = dataSource.CreateCommand(Query);
        command.Parameters.Add(Text(normalized.Moderator));
        command.Parameters.Add(Text(normalized.Action));
        command.Parameters.Add(Text(normalized.Room));
        command.Parameters.Add(Text(normalized.User));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = normalized.Limit });
        var rows = new List<AuditRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AuditRow(
                reader.GetInt64(0),
                new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : (ulong)reader.GetInt64(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : new DateTimeOffset(reader.GetDateTime(8), TimeSpan.Zero)));
        }

        return rows;
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
