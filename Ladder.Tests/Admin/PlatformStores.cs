using Ladder.Tests.Infrastructure;
using Npgsql;
using StackExchange.Redis;

namespace Ladder.Tests.Admin;

/// <summary>Direct connections to the platform's PostgreSQL and Redis, to look at what moderation wrote.</summary>
public sealed class PlatformStores : IAsyncDisposable
{
    private PlatformStores(NpgsqlDataSource database, ConnectionMultiplexer redis)
    {
        Database = database;
        Redis = redis;
    }

    public NpgsqlDataSource Database { get; }

    public ConnectionMultiplexer Redis { get; }

    public static async Task<PlatformStores> OpenAsync(LadderAppFixture fixture)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var database = NpgsqlDataSource.Create((await fixture.App.GetConnectionStringAsync("ladder", timeout.Token))!);
        var redis = await ConnectionMultiplexer.ConnectAsync((await fixture.App.GetConnectionStringAsync("redis", timeout.Token))!);
        return new PlatformStores(database, redis);
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value; fails after <paramref name="timeout"/>.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or RedisException)
            {
                last = exception;
            }

            await Task.Delay(200); // poll interval, under the deadline above
        }

        throw new TimeoutException($"{what} did not happen in time{(last is null ? "" : $": {last.Message}")}");
    }

    /// <summary>The newest audit row of <paramref name="action"/> for a room or user, as "moderator|action|room|user|seq|reason".</summary>
    public async Task<string?> AuditAsync(string action, string? room, string? user)
    {
        await using var command = Database.CreateCommand("""
            SELECT moderator || '|' || action || '|' || coalesce(room, '') || '|' || coalesce(target_user, '') || '|'
                   || coalesce(target_seq::text, '') || '|' || coalesce(reason, '')
            FROM moderation_audit
            WHERE action = $1 AND ($2::text IS NULL OR room = $2) AND ($3::text IS NULL OR target_user = $3)
            ORDER BY id DESC LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = action });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)room ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)user ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return await command.ExecuteScalarAsync() as string;
    }

    public async Task<long> CountAuditAsync(string action, string user)
    {
        await using var command = Database.CreateCommand("SELECT count(*) FROM moderation_audit WHERE action = $1 AND target_user = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = action });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = user });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
