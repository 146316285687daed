using System.Text.RegularExpressions;
using Ladder.Contracts.Archive;
using Npgsql;
using NpgsqlTypes;

namespace Ladder.Admin.Services;

/// <summary>
/// The API keys page's operations (admins only): create a key (its text is returned once; only its hash is kept), list
/// the keys, revoke one. A revoked key stops working on every chat node within their verification cache's lifetime
/// (<c>Chat:ServerApi:KeyCacheTtl</c>, 2 s by default). Each change is audited.
/// </summary>
internal sealed partial class ApiKeyDirectory(NpgsqlDataSource dataSource, ConsoleAuditLog audit, TimeProvider time)
{
    private const string List = $"""
        SELECT id, name, scopes, created_by, created_at, revoked_at, last_used_at
        FROM {ArchiveTables.ApiKeys}
        ORDER BY revoked_at IS NOT NULL, name
        """;

    private const string Insert = $"""
        INSERT INTO {ArchiveTables.ApiKeys} (id, name, hash, scopes, created_by, created_at)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (name) DO NOTHING
        """;

    private const string Revoke = $"UPDATE {ArchiveTables.ApiKeys} SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING name";

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(List);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ApiKeyInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ApiKeyInfo(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetFieldValue<string[]>(2),
                reader.GetString(3),
                Utc(reader.GetDateTime(4)),
                reader.IsDBNull(5) ? null : Utc(reader.GetDateTime(5)),
                reader.IsDBNull(6) ? null : Utc(reader.GetDateTime(6))));
        }

        return rows;
    }

    /// <summary>Creates a key named <paramref name="name"/> with <paramref name="scopes"/>; the answer holds the key's
    /// text, which exists nowhere else afterwards.</summary>
    public async Task<ApiKeyCreation> CreateAsync(string name, IReadOnlyCollection<string> scopes, string actor, CancellationToken cancellationToken)
    {
        if (!NamePattern().IsMatch(name))
        {
            return new ApiKeyCreation(null, "A key's name is 2–64 letters, digits, '.', '_' or '-'.");
        }

        if (scopes.Count == 0 || scopes.Any(scope => !ApiKeyScopes.All.Contains(scope)))
        {
            return new ApiKeyCreation(null, $"Choose at least one scope of {string.Join(", ", ApiKeyScopes.All)}.");
        }

        var (id, key, hash) = ApiKeySecret.Create();
        var ordered = ApiKeyScopes.All.Where(scopes.Contains).ToArray();
        await using (var command = dataSource.CreateCommand(Insert))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = hash });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ordered, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = time.GetUtcNow().UtcDateTime });
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                // Names stay taken after a revocation: the audit log names keys, and one name must mean one key.
                return new ApiKeyCreation(null, $"A key named {name} exists already.");
            }
        }

        await audit.WriteAsync(actor, ServerApiActions.KeyCreated, null, $"key {name} ({id}): {string.Join(",", ordered)}", cancellationToken);
        return new ApiKeyCreation(key, null);
    }

    /// <summary>Revokes a key; returns why not, or null when done.</summary>
    public async Task<string?> RevokeAsync(string id, string actor, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Revoke);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = time.GetUtcNow().UtcDateTime });
        if (await command.ExecuteScalarAsync(cancellationToken) is not string name)
        {
            return $"Key {id} does not exist or is revoked already.";
        }

        await audit.WriteAsync(actor, ServerApiActions.KeyRevoked, null, $"key {name} ({id})", cancellationToken);
        return null;
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    [GeneratedRegex("^[A-Za-z0-9._-]{2,64}$")]
    private static partial Regex NamePattern();
}
