using Ladder.Contracts.Archive;
using Npgsql;

namespace Ladder.Admin.Services;

/// <summary>
/// Counts the messages archived per room since the previous read, walking the unique index on the log's seq from where
/// the last read stopped: each read costs what was archived since, whatever the archive's size.
/// </summary>
internal sealed class RoomRateReader(NpgsqlDataSource dataSource)
{
    private const string Start = $"SELECT coalesce(max(seq), 0) FROM {ArchiveTables.Messages}";
    private const string Since = $"SELECT room, count(*), max(seq) FROM {ArchiveTables.Messages} WHERE seq > $1 GROUP BY room";

    private long lastSeq = -1;

    /// <summary>Messages per room archived since the previous call; nothing on the first, which only finds the start.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ReadAsync(CancellationToken cancellationToken)
    {
        if (lastSeq < 0)
        {
            await using var start = dataSource.CreateCommand(Start);
            lastSeq = (long)(await start.ExecuteScalarAsync(cancellationToken) ?? 0L);
            return new Dictionary<string, long>();
        }

        await using var command = dataSource.CreateCommand(Since);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = lastSeq });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
            lastSeq = Math.Max(lastSeq, reader.GetInt64(2));
        }

        return counts;
    }
}
