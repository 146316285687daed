using System.Net.Http.Headers;
using Ladder.Contracts.Archive;
using Ladder.Tests.Admin;
using Npgsql;
using NpgsqlTypes;

namespace Ladder.Tests.ServerApi;

/// <summary>Server API keys for the tests: rows inserted into the table the console writes, and clients that present them.</summary>
public static class ServerApiKeys
{
    /// <summary>A new key with <paramref name="scopes"/>; returns its name, id and text.</summary>
    public static async Task<(string Name, string Id, string Key)> CreateAsync(PlatformStores stores, params string[] scopes)
    {
        var (id, key, hash) = ApiKeySecret.Create();
        var name = $"test-{id}";
        await using var command = stores.Database.CreateCommand(
            $"INSERT INTO {ArchiveTables.ApiKeys} (id, name, hash, scopes, created_by) VALUES ($1, $2, $3, $4, 'tests')");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = hash });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = scopes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync();
        return (name, id, key);
    }

    public static async Task RevokeAsync(PlatformStores stores, string id)
    {
        await using var command = stores.Database.CreateCommand($"UPDATE {ArchiveTables.ApiKeys} SET revoked_at = now() WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        await command.ExecuteNonQueryAsync();
    }

    public static HttpClient Client(Uri node, string key)
    {
        var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    /// <summary>The number of audit rows a key's calls of <paramref name="action"/> left.</summary>
    public static async Task<long> AuditCountAsync(PlatformStores stores, string keyName, string action)
    {
        await using var command = stores.Database.CreateCommand($"SELECT count(*) FROM {ArchiveTables.ModerationAudit} WHERE moderator = $1 AND action = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = keyName });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = action });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
