using Ladder.Contracts.Archive;
using Npgsql;
using NpgsqlTypes;

namespace Ladder.ChatNode.ServerApi;

/// <summary>
/// One row in the audit log (<see cref="ArchiveTables.ModerationAudit"/>) per server API call, written before the call
/// acts: the key's name as the actor, the <see cref="ServerApiActions"/> action, the room and user it named. A call whose
/// row cannot be written is refused (503), so nothing the API does goes unaudited.
/// </summary>
internal sealed class ServerApiAudit(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string Insert = $"""
        INSERT INTO {ArchiveTables.ModerationAudit} (at, moderator, action, room, target_user, target_seq, reason)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """;

    public async Task WriteAsync(ApiCaller caller, string action, string? room, string? user, ulong? seq, string? detail, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Insert);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = time.GetUtcNow().UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = caller.Name });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = action });
        command.Parameters.Add(Text(room));
        command.Parameters.Add(Text(user));
        command.Parameters.Add(new NpgsqlParameter { Value = seq is { } s ? (long)s : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(Text(detail));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
