using System.Collections.Concurrent;
using Ladder.Contracts.Archive;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ladder.ChatNode.ServerApi;

/// <summary>
/// Verifies <c>Authorization: Bearer lk_&lt;id&gt;_&lt;secret&gt;</c> against <see cref="ArchiveTables.ApiKeys"/>. A key's
/// row is read at most once per <see cref="ServerApiOptions.KeyCacheTtl"/> per node (and its <c>last_used_at</c> set
/// then), so a busy backend costs the database one read every 2 s, and a revocation reaches every node within that
/// lifetime: no revocation event to lose or to order.
/// </summary>
/// <remarks>Only rows that exist are cached: a stream of made-up ids reads the database each time, but makes the cache
/// no bigger. When PostgreSQL cannot be read and the cached row is stale, the call is refused (503): a key is never
/// trusted longer than the TTL.</remarks>
internal sealed class ApiKeyVerifier(NpgsqlDataSource dataSource, IOptions<ServerApiOptions> options, TimeProvider time)
{
    private const string Select = $"SELECT name, hash, scopes, revoked_at IS NOT NULL FROM {ArchiveTables.ApiKeys} WHERE id = $1";
    private const string Touch = $"UPDATE {ArchiveTables.ApiKeys} SET last_used_at = $2 WHERE id = $1";

    private readonly ConcurrentDictionary<string, CachedKey> cache = new(StringComparer.Ordinal);

    /// <summary>The caller, or null when the header holds no key, an unknown, revoked or wrong one.</summary>
    /// <exception cref="NpgsqlException">The key's row could not be read.</exception>
    public async Task<ApiCaller?> VerifyAsync(string? authorization, CancellationToken cancellationToken)
    {
        const string Bearer = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)
            || !ApiKeySecret.TryParse(authorization[Bearer.Length..].Trim(), out var id, out var presented))
        {
            return null;
        }

        var now = time.GetTimestamp();
        if (!cache.TryGetValue(id, out var cached) || time.GetElapsedTime(cached.ReadAt, now) >= options.Value.KeyCacheTtl)
        {
            cached = await ReadAsync(id, now, cancellationToken);
            if (cached is null)
            {
                cache.TryRemove(id, out _);
                return null;
            }

            cache[id] = cached;
            if (!cached.Revoked && ApiKeySecret.Matches(presented, cached.Hash))
            {
                await TouchAsync(id, cancellationToken);
            }
        }

        return !cached.Revoked && ApiKeySecret.Matches(presented, cached.Hash) ? cached.Caller : null;
    }

    private async Task<CachedKey?> ReadAsync(string id, long now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Select);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var caller = new ApiCaller(id, reader.GetString(0), reader.GetFieldValue<string[]>(2));
        return new CachedKey(caller, reader.GetFieldValue<byte[]>(1), reader.GetBoolean(3), now);
    }

    private async Task TouchAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Touch);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = time.GetUtcNow().UtcDateTime });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record CachedKey(ApiCaller Caller, byte[] Hash, bool Revoked, long ReadAt);
}
