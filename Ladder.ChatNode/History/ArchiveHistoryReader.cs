using System.Globalization;
using Ladder.Contracts.Archive;
using Ladder.Contracts.Wire;
using Npgsql;

namespace Ladder.ChatNode.History;

/// <summary>
/// Pages a room's archived messages from PostgreSQL, newest first (a backward scan of the <c>(room, seq)</c> primary key
/// written by the archiver). A deleted message comes back flagged, without its text.
/// </summary>
internal sealed class ArchiveHistoryReader(NpgsqlDataSource dataSource) : IHistorySource
{
    // One row more than asked tells whether an older page exists.
    private const string PageSql = $"""
        SELECT seq, sender, CASE WHEN deleted THEN NULL ELSE text END, sent_at, client_msg_id, deleted
        FROM {ArchiveTables.Messages}
        WHERE room = $1 AND seq < $2
        ORDER BY seq DESC
        LIMIT $3
        """;

    /// <summary>
    /// The messages of <paramref name="room"/> with seq below <paramref name="before"/> (all when null), newest first, at most
    /// <paramref name="limit"/> (the caller bounds it: <c>Chat:HistoryMaxLimit</c>), and whether older ones exist.
    /// </summary>
    /// <exception cref="HistoryUnavailableException">PostgreSQL is unreachable, or the archive schema does not exist yet (the
    /// archiver applies the migrations at start).</exception>
    public async Task<HistoryResponse> ReadAsync(string room, ulong? before, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (before == 0)
        {
            return new HistoryResponse(room, [], false);
        }

        // Seqs are stored as bigint; a bound past its range excludes nothing.
        var upper = before is { } bound && bound <= long.MaxValue ? (long)bound : long.MaxValue;

        try
        {
            await using var command = dataSource.CreateCommand(PageSql);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = room });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upper });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit + 1 });
            var items = new List<HistoryItem>(limit + 1);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new HistoryItem(
                    (ulong)reader.GetInt64(0),
                    reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    FormatTimestamp(reader.GetFieldValue<DateTime>(3)),
                    reader.GetString(4),
                    reader.GetBoolean(5)));
            }

            var hasMore = items.Count > limit;
            if (hasMore)
            {
                items.RemoveAt(items.Count - 1);
            }

            return new HistoryResponse(room, items, hasMore);
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.UndefinedTable)
        {
            throw new HistoryUnavailableException("The archive is not initialized yet; the archiver creates it at start.", exception);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or IOException
            && !cancellationToken.IsCancellationRequested)
        {
            throw new HistoryUnavailableException("The archive (PostgreSQL) is unreachable.", exception);
        }
    }

    /// <summary>RFC 3339 UTC with milliseconds, e.g. <c>2026-11-28T07:00:01.123Z</c>, as every other frame writes it.</summary>
    private static string FormatTimestamp(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
