using Ladder.Contracts.Archive;
using Ladder.Contracts.Log;
using Npgsql;

namespace Ladder.Admin.Services;

/// <summary>Reads the archive lag the archiver records in <c>archive_progress</c>, rather than measuring it again here.</summary>
internal sealed class ArchiveLagReader(NpgsqlDataSource dataSource)
{
    private const string Read = $"SELECT archived_seq, stream_last_seq, updated_at FROM {ArchiveTables.Progress} WHERE stream = $1";

    public async Task<ArchiveLag?> ReadAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Read);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = NatsSubjects.ChatStream });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ArchiveLag((ulong)reader.GetInt64(0), (ulong)reader.GetInt64(1), new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero))
            : null;
    }
}
