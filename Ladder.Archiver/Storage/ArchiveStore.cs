using Ladder.Contracts.Archive;
using Ladder.Contracts.Bus;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Ladder.Archiver.Storage;

/// <summary>
/// Writes the chat log into PostgreSQL. Every write is idempotent (<c>ON CONFLICT DO NOTHING</c>): delivery is at least
/// once, the effect exactly once. Each batch is one round trip (one <see cref="NpgsqlBatch"/>, an implicit transaction).
/// </summary>
internal sealed class ArchiveStore(NpgsqlDataSource dataSource, UnreachableDatabaseRetry retry, IOptions<ArchiveStorageOptions> options)
{
    /// <summary>
    /// Orders messages against tombstones: message batches share it, tombstone batches hold it alone. Without it a message
    /// and its tombstone written at the same moment by two consumers could each miss the other, and the message would stay
    /// visible.
    /// </summary>
    private const long DeletionLockKey = 0x4C61_6464_6572_0001;

    private const string InsertMessages = $"""
        INSERT INTO {ArchiveTables.Messages} (room, seq, sender, text, client_msg_id, sent_at, deleted, deleted_at)
        SELECT m.room, m.seq, m.sender, m.text, m.client_msg_id, m.sent_at,
               d.deleted_at IS NOT NULL, d.deleted_at
        FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
             AS m(room, seq, sender, text, client_msg_id, sent_at)
        LEFT JOIN LATERAL (
            SELECT min(x.deleted_at) AS deleted_at
            FROM {ArchiveTables.MessageDeletions} x
            WHERE x.room = m.room AND x.deleted_seq = m.seq) d ON true
        ON CONFLICT DO NOTHING
        """;

    private const string InsertDeletions = $"""
        INSERT INTO {ArchiveTables.MessageDeletions} (seq, room, deleted_seq, moderator, reason, deleted_at)
        SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::timestamptz[])
        ON CONFLICT DO NOTHING
        """;

    private const string MarkDeleted = $"""
        UPDATE {ArchiveTables.Messages} AS m
        SET deleted = true, deleted_at = t.deleted_at
        FROM unnest($1::text[], $2::bigint[], $3::timestamptz[]) AS t(room, seq, deleted_at)
        WHERE m.room = t.room AND m.seq = t.seq AND NOT m.deleted
        """;

    private const string InsertDeadLetters = $"""
        INSERT INTO {ArchiveTables.DeadLetters} (seq, room, reason, rejected_at)
        SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[])
        ON CONFLICT DO NOTHING
        """;

    /// <summary>Writes messages; returns how many were new. Waits out PostgreSQL outages; throws for refused data.</summary>
    public ValueTask<int> WriteMessagesAsync(IReadOnlyList<MessageStored> messages, CancellationToken cancellationToken) =>
        WriteEntriesAsync(messages, [], [], cancellationToken);

    /// <summary>Records tombstones and flags the messages they delete (now, or when those are archived later).</summary>
    public async ValueTask WriteTombstonesAsync(IReadOnlyList<TombstoneStored> tombstones, CancellationToken cancellationToken) =>
        await WriteEntriesAsync([], tombstones, [], cancellationToken);

    /// <summary>
    /// Writes a batch of log entries in one round trip and one transaction: messages, then tombstones (which flag messages
    /// of the same batch too), then the entries that will never be archived. Returns how many messages were new. Waits out
    /// PostgreSQL outages; throws for refused data, and then nothing of the batch is written.
    /// </summary>
    public ValueTask<int> WriteEntriesAsync(
        IReadOnlyList<MessageStored> messages,
        IReadOnlyList<TombstoneStored> tombstones,
        IReadOnlyList<LogEntryRejected> rejected,
        CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async token =>
        {
            await using var batch = dataSource.CreateBatch();
            batch.Timeout = options.Value.CommandTimeoutSeconds;
            batch.BatchCommands.Add(Command(
                tombstones.Count > 0 ? "SELECT pg_advisory_xact_lock($1)" : "SELECT pg_advisory_xact_lock_shared($1)",
                Bigint(DeletionLockKey)));
            NpgsqlBatchCommand? insertMessages = null;
            if (messages.Count > 0)
            {
                insertMessages = Command(
                    InsertMessages,
                    Texts(messages.Select(message => message.Room)),
                    Bigints(messages.Select(message => message.Seq)),
                    Texts(messages.Select(message => message.Sender)),
                    Texts(messages.Select(message => message.Text)),
                    Texts(messages.Select(message => message.ClientMsgId)),
                    Timestamps(messages.Select(message => message.Ts)));
                batch.BatchCommands.Add(insertMessages);
            }

            if (tombstones.Count > 0)
            {
                batch.BatchCommands.Add(Command(
                    InsertDeletions,
                    Bigints(tombstones.Select(tombstone => tombstone.Seq)),
                    Texts(tombstones.Select(tombstone => tombstone.Room)),
                    Bigints(tombstones.Select(tombstone => tombstone.DeletedSeq)),
                    Texts(tombstones.Select(tombstone => tombstone.Moderator)),
                    Texts(tombstones.Select(tombstone => tombstone.Reason)),
                    Timestamps(tombstones.Select(tombstone => tombstone.Ts))));
                batch.BatchCommands.Add(Command(
                    MarkDeleted,
                    Texts(tombstones.Select(tombstone => tombstone.Room)),
                    Bigints(tombstones.Select(tombstone => tombstone.DeletedSeq)),
                    Timestamps(tombstones.Select(tombstone => tombstone.Ts))));
            }

            if (rejected.Count > 0)
            {
                batch.BatchCommands.Add(Command(
                    InsertDeadLetters,
                    Bigints(rejected.Select(entry => entry.Seq)),
                    Texts(rejected.Select(entry => entry.Room)),
                    // The reason may quote the refused text; PostgreSQL refuses NUL in text.
                    Texts(rejected.Select(entry => entry.Reason.Replace('\0', '?'))),
                    Timestamps(rejected.Select(entry => entry.RejectedAt))));
            }

            await batch.ExecuteNonQueryAsync(token);
            return insertMessages?.RecordsAffected ?? 0;
        }, cancellationToken);

    /// <summary>Records a log entry that will never be archived.</summary>
    public async ValueTask RecordDeadLetterAsync(LogEntryRejected entry, CancellationToken cancellationToken) =>
        await WriteEntriesAsync([], [], [entry], cancellationToken);

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter<long> Bigint(long value) => new() { TypedValue = value };

    private static NpgsqlParameter<long[]> Bigints(IEnumerable<ulong> values) =>
        new() { TypedValue = values.Select(value => checked((long)value)).ToArray() };

    private static NpgsqlParameter<string?[]> Texts(IEnumerable<string?> values) =>
        new() { TypedValue = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static NpgsqlParameter<DateTime[]> Timestamps(IEnumerable<DateTimeOffset> values) =>
        new() { TypedValue = values.Select(value => value.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz };
}
