using System.Text.Json;
using Ladder.Contracts.Archive;
using Ladder.Contracts.State;
using Npgsql;
using StackExchange.Redis;

namespace Ladder.Admin.Services;

/// <summary>Finds users (by the names seen in the archive), their open connections (Redis) and their sanctions (PostgreSQL).</summary>
internal sealed class UserDirectory(NpgsqlDataSource dataSource, IConnectionMultiplexer redis)
{
    public const int MaxMatches = 25;

    private const string Search = $"""
        SELECT DISTINCT sender FROM {ArchiveTables.Messages}
        WHERE sender LIKE $1 ESCAPE '\'
        ORDER BY sender
        LIMIT 25
        """;

    private const string ActiveBan = $"""
        SELECT moderator, reason, banned_at, expires_at FROM {ArchiveTables.Bans}
        WHERE user_name = $1 AND (expires_at IS NULL OR expires_at > now())
        """;

    private const string ActiveMutes = $"""
        SELECT room, moderator, reason, muted_at, expires_at FROM {ArchiveTables.Mutes}
        WHERE user_name = $1 AND (expires_at IS NULL OR expires_at > now())
        ORDER BY room
        """;

    /// <summary>User names starting with <paramref name="prefix"/> that have written in any room.</summary>
    public async Task<IReadOnlyList<string>> SearchAsync(string prefix, CancellationToken cancellationToken)
    {
        var escaped = prefix.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
        await using var command = dataSource.CreateCommand(Search);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = escaped + "%" });
        var users = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(reader.GetString(0));
        }

        return users;
    }

    /// <summary>The user's open connections on every live node, as the nodes last reported them.</summary>
    public async Task<IReadOnlyList<UserSession>> SessionsAsync(string user)
    {
        var database = redis.GetDatabase();
        var entries = await database.HashGetAllAsync(RedisKeys.UserSessions(user));
        // A node that stopped reporting left its listings behind until they expire: its connections are gone.
        var liveNodes = (await database.SortedSetRangeByScoreAsync(RedisKeys.Nodes, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), double.PositiveInfinity))
            .Select(node => node.ToString())
            .ToHashSet(StringComparer.Ordinal);
        var sessions = new List<UserSession>();
        foreach (var entry in entries)
        {
            try
            {
                if (JsonSerializer.Deserialize(entry.Value.ToString(), StateJsonContext.Default.UserSession) is { Session: not null } session && liveNodes.Contains(session.Node))
                {
                    sessions.Add(session);
                }
            }
            catch (JsonException)
            {
                // A node of another version: its entry is skipped, not fatal to the page.
            }
        }

        return [.. sessions.OrderBy(session => session.ConnectedAt)];
    }

    public async Task<UserStatus> StatusAsync(string user, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        SanctionInfo? ban = null;
        await using (var command = new NpgsqlCommand(ActiveBan, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = user });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                ban = new SanctionInfo(null, reader.GetString(0), Text(reader, 1), Time(reader, 2)!.Value, Time(reader, 3));
            }
        }

        var mutes = new List<SanctionInfo>();
        await using (var command = new NpgsqlCommand(ActiveMutes, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = user });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var room = reader.GetString(0);
                mutes.Add(new SanctionInfo(room == ArchiveTables.EveryRoom ? null : room, reader.GetString(1), Text(reader, 2), Time(reader, 3)!.Value, Time(reader, 4)));
            }
        }

        return new UserStatus(ban, mutes);
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTimeOffset(reader.GetDateTime(ordinal), TimeSpan.Zero);
}
