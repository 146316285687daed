using Ladder.Contracts.Archive;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ladder.Archiver.Storage;

/// <summary>
/// Keeps the archive's contiguous position: the highest seq such that every chat log entry up to it is archived (as a
/// message, a tombstone or a dead letter). Several archivers may advance it at once; it only ever grows.
/// </summary>
internal sealed class ArchiveProgressStore(NpgsqlDataSource dataSource, IOptions<ArchiveStorageOptions> options)
{
    private const string ReadPosition = $"SELECT archived_seq FROM {ArchiveTables.Progress} WHERE stream = $1";

    // Each branch is an index range scan; seqs are unique across the three tables except a dead letter re-driven later.
    private const string ArchivedAfter = $"""
        SELECT seq FROM (
            (SELECT seq FROM {ArchiveTables.Messages} WHERE seq > $1 AND seq <= $3 ORDER BY seq LIMIT $2)
            UNION ALL
            (SELECT seq FROM {ArchiveTables.MessageDeletions} WHERE seq > $1 AND seq <= $3 ORDER BY seq LIMIT $2)
            UNION ALL
            (SELECT seq FROM {ArchiveTables.DeadLetters} WHERE seq > $1 AND seq <= $3 ORDER BY seq LIMIT $2)
        ) archived
        ORDER BY seq
        LIMIT $2
        """;

    private const string SavePosition = $"""
        INSERT INTO {ArchiveTables.Progress} (stream, archived_seq, stream_last_seq, updated_at)
        VALUES ($1, $2, $3, now())
        ON CONFLICT (stream) DO UPDATE
        SET archived_seq = GREATEST({ArchiveTables.Progress}.archived_seq, EXCLUDED.archived_seq),
            stream_last_seq = GREATEST({ArchiveTables.Progress}.stream_last_seq, EXCLUDED.stream_last_seq),
            updated_at = EXCLUDED.updated_at
        RETURNING archived_seq
        """;

    private const string RecordDropped = $"""
        INSERT INTO {ArchiveTables.DeadLetters} (seq, room, reason, rejected_at)
        VALUES ($1, '*', $2, now())
        ON CONFLICT DO NOTHING
        """;

    private const string SkipTo = $"""
        UPDATE {ArchiveTables.Progress}
        SET archived_seq = GREATEST(archived_seq, $2), updated_at = now()
        WHERE stream = $1
        """;

    /// <summary>
    /// Records that entries <paramref name="from"/>..<paramref name="to"/> left the stream (its age or per-room limits)
    /// before they were archived: they can never be, so the position moves past them, and one dead letter says so.
    /// </summary>
    public async Task SkipDroppedAsync(string stream, ulong from, ulong to, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        var record = new NpgsqlBatchCommand(RecordDropped);
        record.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)from) });
        record.Parameters.Add(new NpgsqlParameter<string>
        {
            TypedValue = $"entries {from}..{to} ({to - from + 1}) left the stream before they were archived",
        });
        var skip = new NpgsqlBatchCommand(SkipTo);
        skip.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
        skip.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)to) });
        batch.BatchCommands.Add(record);
        batch.BatchCommands.Add(skip);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Moves the position as far as the archived entries are contiguous and records the stream's last seq.
    /// <paramref name="firstSeq"/> is the stream's first seq: entries the stream no longer holds cannot be waited for.
    /// </summary>
    public async Task<ulong> AdvanceAsync(string stream, ulong firstSeq, ulong lastSeq, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        long position;
        await using (var read = new NpgsqlCommand(ReadPosition, connection))
        {
            read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
            position = await read.ExecuteScalarAsync(cancellationToken) is long saved ? saved : 0;
        }

        position = Math.Max(position, (long)firstSeq - 1);
        for (var scanned = 0; scanned < limits.ProgressScanLimit; scanned += limits.ProgressScanWindow)
        {
            var before = position;
            await using var scan = new NpgsqlCommand(ArchivedAfter, connection);
            scan.CommandTimeout = limits.CommandTimeoutSeconds;
            scan.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
            scan.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limits.ProgressScanWindow });
            // Not past the last seq just read from the stream, so the recorded pair is one consistent measurement.
            scan.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)lastSeq) });
            var rows = 0;
            await using (var reader = await scan.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows++;
                    var seq = reader.GetInt64(0);
                    if (seq == position + 1)
                    {
                        position = seq;
                    }
                    else if (seq > position + 1)
                    {
                        break;
                    }
                }
            }

            // A gap, or nothing more to read: the position is where it can be for now.
            if (position == before || rows < limits.ProgressScanWindow || position < before + rows)
            {
                break;
            }
        }

        await using var save = new NpgsqlCommand(SavePosition, connection);
        save.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
        save.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
        save.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)lastSeq) });
        return (ulong)(long)(await save.ExecuteScalarAsync(cancellationToken))!;
    }
}
