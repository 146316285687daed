using Ladder.Contracts.Archive;
using Ladder.Contracts.State;
using Npgsql;
using StackExchange.Redis;

namespace Ladder.Admin.Services;

/// <summary>Rooms, their presence (Redis) and their archived messages (PostgreSQL).</summary>
internal sealed class RoomDirectory(NpgsqlDataSource dataSource, IConnectionMultiplexer redis, TimeProvider time)
{
    /// <summary>Most rooms listed (the LIMIT of the activity query).</summary>
    public const int MaxRooms = 500;

    private const string Activity = $"""
        SELECT room,
               count(*) FILTER (WHERE sent_at > now() - interval '1 hour'),
               max(sent_at),
               max(seq)
        FROM {ArchiveTables.Messages}
        GROUP BY room
        ORDER BY max(sent_at) DESC
        LIMIT 500
        """;

    // Deleted text never leaves the database: the console shows that a message was removed, not what it said.
    private const string Recent = $"""
        SELECT seq, sender, CASE WHEN deleted THEN NULL ELSE text END, sent_at, deleted
        FROM {ArchiveTables.Messages}
        WHERE room = $1 AND seq < $2
        ORDER BY seq DESC
        LIMIT $3
        """;

    /// <summary>Every room with archived messages or someone present, busiest presence first.</summary>
    public async Task<IReadOnlyList<RoomSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var rooms = new Dictionary<string, RoomSummary>(StringComparer.Ordinal);
        await using (var command = dataSource.CreateCommand(Activity))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var room = reader.GetString(0);
                rooms[room] = new RoomSummary(room, 0, reader.GetInt64(1), new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero), (ulong)reader.GetInt64(3));
            }
        }

        var present = await redis.GetDatabase().SetMembersAsync(RedisKeys.PresenceRooms);
        foreach (var name in present.Select(value => value.ToString()))
        {
            rooms.TryAdd(name, new RoomSummary(name, 0, 0, null, 0));
        }

        var counted = await Task.WhenAll(rooms.Values.Select(async room =>
            room with { Online = (await PresenceAsync(room.Room)).Select(entry => entry.User).Distinct(StringComparer.Ordinal).Count() }));
        return [.. counted.OrderByDescending(room => room.Online).ThenByDescending(room => room.LastMessageAt).ThenBy(room => room.Room, StringComparer.Ordinal)];
    }

    /// <summary>The room's live presence entries (expired ones are left out; a dead node's entries age out by themselves).</summary>
    public async Task<IReadOnlyList<PresenceEntry>> PresenceAsync(string room)
    {
        var entries = await redis.GetDatabase().SortedSetRangeByScoreWithScoresAsync(
            RedisKeys.Presence(room), time.GetUtcNow().ToUnixTimeMilliseconds(), double.PositiveInfinity);
        return [.. entries.Select(entry => Parse(entry.Element.ToString(), entry.Score)).OrderBy(entry => entry.User, StringComparer.Ordinal)];
    }

    /// <summary>The room's archived messages below <paramref name="before"/>, newest first.</summary>
    public async Task<IReadOnlyList<ArchivedMessage>> RecentAsync(string room, ulong? before, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Recent);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = room });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = before is { } seq && seq < long.MaxValue ? (long)seq : long.MaxValue });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Clamp(limit, 1, 200) });
        var messages = new List<ArchivedMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new ArchivedMessage(
                (ulong)reader.GetInt64(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero),
                reader.GetBoolean(4)));
        }

        return messages;
    }

    /// <summary>A presence member <c>user|node</c> scored by its expiry (unix ms).</summary>
    public static PresenceEntry Parse(string member, double score)
    {
        var bar = member.LastIndexOf('|');
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds((long)score);
        return bar < 0 ? new PresenceEntry(member, "", expiresAt) : new PresenceEntry(member[..bar], member[(bar + 1)..], expiresAt);
    }
}
