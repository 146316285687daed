using Ladder.Archiver.Storage;
using Ladder.Contracts.Archive;
using Ladder.Contracts.State;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Ladder.Archiver.Moderation;

/// <summary>
/// The durable side of moderation in PostgreSQL: the audit log and the bans, mutes and closed rooms in force. Each action
/// is one batch (one implicit transaction): its audit row and its state change land together or not at all. A command
/// delivered twice writes one audit row (unique command id), and a late redelivery never overwrites a newer sanction.
/// </summary>
internal sealed class ModerationStore(NpgsqlDataSource dataSource, UnreachableDatabaseRetry retry, IOptions<ArchiveStorageOptions> options)
{
    private const string InsertAudit = $"""
        INSERT INTO {ArchiveTables.ModerationAudit}
            (command_id, at, moderator, action, room, target_user, target_seq, reason, expires_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        ON CONFLICT (command_id) DO NOTHING
        """;

    private const string UpsertBan = $"""
        INSERT INTO {ArchiveTables.Bans} AS b (user_name, moderator, reason, banned_at, expires_at)
        VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (user_name) DO UPDATE
        SET moderator = EXCLUDED.moderator, reason = EXCLUDED.reason, banned_at = EXCLUDED.banned_at, expires_at = EXCLUDED.expires_at
        WHERE b.banned_at <= EXCLUDED.banned_at
        """;

    private const string UpsertMute = $"""
        INSERT INTO {ArchiveTables.Mutes} AS m (user_name, room, moderator, reason, muted_at, expires_at)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (user_name, room) DO UPDATE
        SET moderator = EXCLUDED.moderator, reason = EXCLUDED.reason, muted_at = EXCLUDED.muted_at, expires_at = EXCLUDED.expires_at
        WHERE m.muted_at <= EXCLUDED.muted_at
        """;

    private const string UpsertClosedRoom = $"""
        INSERT INTO {ArchiveTables.ClosedRooms} (room, moderator, reason, closed_at)
        VALUES ($1, $2, $3, $4)
        ON CONFLICT (room) DO NOTHING
        """;

    private const string ReadBan = $"SELECT reason, expires_at FROM {ArchiveTables.Bans} WHERE user_name = $1";

    private const string ReadMute = $"SELECT reason, expires_at FROM {ArchiveTables.Mutes} WHERE user_name = $1 AND room = $2";

    private const string ActiveBans = $"SELECT user_name, reason, expires_at FROM {ArchiveTables.Bans} WHERE expires_at IS NULL OR expires_at > now()";

    private const string ActiveMutes = $"SELECT user_name, room, reason, expires_at FROM {ArchiveTables.Mutes} WHERE expires_at IS NULL OR expires_at > now()";

    private const string ClosedRooms = $"SELECT room, reason FROM {ArchiveTables.ClosedRooms}";

    private const string FindArchivedMessage = $"SELECT sender FROM {ArchiveTables.Messages} WHERE room = $1 AND seq = $2";

    /// <summary>Writes an action that changes nothing but the audit log (delete, kick). Every method here writes its
    /// row once per <c>commandId</c> (the bus command's id), however often the command is delivered.</summary>
    public ValueTask AuditAsync(Guid commandId, AuditRow entry, CancellationToken cancellationToken) =>
        ExecuteAsync(commandId, entry, null, cancellationToken);

    /// <summary>Records the ban and its audit row; returns the ban in force afterwards (a newer one wins).</summary>
    public async ValueTask<Sanction?> BanAsync(Guid commandId, AuditRow entry, CancellationToken cancellationToken)
    {
        var user = entry.TargetUser!;
        await ExecuteAsync(commandId, entry, Command(UpsertBan, Text(user), Text(entry.Moderator), Text(entry.Reason), Timestamp(entry.At), Timestamp(entry.ExpiresAt)), cancellationToken);
        return await ReadSanctionAsync(ReadBan, RedisKeys.Ban(user), [Text(user)], cancellationToken);
    }

    /// <summary>Records the mute and its audit row; returns the mute in force afterwards for that user and room.</summary>
    public async ValueTask<Sanction?> MuteAsync(Guid commandId, AuditRow entry, CancellationToken cancellationToken)
    {
        var user = entry.TargetUser!;
        var room = entry.Room ?? ArchiveTables.EveryRoom;
        await ExecuteAsync(commandId, entry, Command(UpsertMute, Text(user), Text(room), Text(entry.Moderator), Text(entry.Reason), Timestamp(entry.At), Timestamp(entry.ExpiresAt)), cancellationToken);
        return await ReadSanctionAsync(ReadMute, RedisKeys.Mute(user, entry.Room), [Text(user), Text(room)], cancellationToken);
    }

    public ValueTask CloseRoomAsync(Guid commandId, AuditRow entry, CancellationToken cancellationToken) =>
        ExecuteAsync(commandId, entry, Command(UpsertClosedRoom, Text(entry.Room!), Text(entry.Moderator), Text(entry.Reason), Timestamp(entry.At)), cancellationToken);

    /// <summary>The sender of an archived message, or null when the archive does not hold it.</summary>
    public ValueTask<string?> FindArchivedSenderAsync(string room, ulong seq, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async token =>
        {
            await using var command = dataSource.CreateCommand(FindArchivedMessage);
            command.CommandTimeout = options.Value.CommandTimeoutSeconds;
            command.Parameters.Add(Text(room));
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)seq) });
            return await command.ExecuteScalarAsync(token) as string;
        }, cancellationToken);

    /// <summary>Every ban, mute and closed room in force, keyed by its Redis key (what the cache must hold).</summary>
    public async Task<IReadOnlyList<Sanction>> ReadActiveAsync(CancellationToken cancellationToken)
    {
        var sanctions = new List<Sanction>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var bans = await new NpgsqlCommand(ActiveBans, connection).ExecuteReaderAsync(cancellationToken))
        {
            while (await bans.ReadAsync(cancellationToken))
            {
                sanctions.Add(new Sanction(RedisKeys.Ban(bans.GetString(0)), NullableText(bans, 1), NullableTime(bans, 2)));
            }
        }

        await using (var mutes = await new NpgsqlCommand(ActiveMutes, connection).ExecuteReaderAsync(cancellationToken))
        {
            while (await mutes.ReadAsync(cancellationToken))
            {
                var room = mutes.GetString(1);
                var key = RedisKeys.Mute(mutes.GetString(0), room == ArchiveTables.EveryRoom ? null : room);
                sanctions.Add(new Sanction(key, NullableText(mutes, 2), NullableTime(mutes, 3)));
            }
        }

        await using (var rooms = await new NpgsqlCommand(ClosedRooms, connection).ExecuteReaderAsync(cancellationToken))
        {
            while (await rooms.ReadAsync(cancellationToken))
            {
                sanctions.Add(new Sanction(RedisKeys.ClosedRoom(rooms.GetString(0)), NullableText(rooms, 1), null));
            }
        }

        return sanctions;
    }

    private ValueTask ExecuteAsync(Guid commandId, AuditRow entry, NpgsqlBatchCommand? state, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async token =>
        {
            await using var batch = dataSource.CreateBatch();
            batch.Timeout = options.Value.CommandTimeoutSeconds;
            batch.BatchCommands.Add(Command(
                InsertAudit,
                new NpgsqlParameter<Guid> { TypedValue = commandId },
                Timestamp(entry.At),
                Text(entry.Moderator),
                Text(entry.Action),
                Text(entry.Room),
                Text(entry.TargetUser),
                new NpgsqlParameter { Value = entry.TargetSeq is { } seq ? checked((long)seq) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint },
                Text(entry.Reason),
                Timestamp(entry.ExpiresAt)));
            if (state is not null)
            {
                batch.BatchCommands.Add(state);
            }

            await batch.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    /// <summary>The sanction in force per <paramref name="sql"/>, as the cache entry <paramref name="redisKey"/>.</summary>
    private ValueTask<Sanction?> ReadSanctionAsync(string sql, string redisKey, NpgsqlParameter[] parameters, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async token =>
        {
            await using var command = dataSource.CreateCommand(sql);
            command.Parameters.AddRange(parameters);
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? new Sanction(redisKey, NullableText(reader, 0), NullableTime(reader, 1)) : null;
        }, cancellationToken);

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    // The reason may quote anything a user wrote; PostgreSQL refuses NUL in text.
    private static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value?.Replace('\0', '?') ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Timestamp(DateTimeOffset? value) =>
        new() { Value = value is { } time ? time.UtcDateTime : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    private static string? NullableText(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTimeOffset(reader.GetDateTime(ordinal), TimeSpan.Zero);
}
