using System.Globalization;
using System.Text.Json;
using Ladder.Contracts.State;
using StackExchange.Redis;

namespace Ladder.Admin.Services;

/// <summary>Reads the chat nodes' self-reported stats from Redis (written by each node every few seconds, with a TTL).</summary>
internal sealed class NodeStatsReader(IConnectionMultiplexer redis, TimeProvider time)
{
    public async Task<IReadOnlyList<NodeStats>> ReadAsync()
    {
        var database = redis.GetDatabase();
        // Members scored by expiry: a node that stopped writing drops out of the range by itself.
        var names = await database.SortedSetRangeByScoreAsync(RedisKeys.Nodes, time.GetUtcNow().ToUnixTimeMilliseconds(), double.PositiveInfinity);
        var hashes = await Task.WhenAll(names.Select(name => database.HashGetAllAsync(RedisKeys.Node(name!))));
        return [.. hashes.Where(hash => hash.Length > 0).Select(Parse).OrderBy(stats => stats.Node, StringComparer.Ordinal)];
    }

    /// <summary>A node's hash (fields named after <see cref="NodeStats"/>'s properties, camelCase) as the record.</summary>
    public static NodeStats Parse(HashEntry[] hash)
    {
        var fields = hash.ToDictionary(entry => entry.Name.ToString(), entry => entry.Value.ToString(), StringComparer.Ordinal);
        string Text(string name) => fields.GetValueOrDefault(name, "");
        long Number(string name) => long.TryParse(Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
        double Real(string name) => double.TryParse(Text(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;
        DateTimeOffset Time(string name) =>
            DateTimeOffset.TryParse(Text(name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value
            : long.TryParse(Text(name), out var unixMs) ? DateTimeOffset.FromUnixTimeMilliseconds(unixMs)
            : DateTimeOffset.MinValue;

        return new NodeStats(
            Text("node"),
            Text("url"),
            (int)Number("connections"),
            (int)Number("rooms"),
            Real("messagesPerSecond"),
            Number("sendQueueDepth"),
            Number("memoryBytes"),
            Time("startedAt"),
            Time("updatedAt"),
            Real("deliveriesPerSecond"),
            Real("latencyP50Ms"),
            Real("latencyP99Ms"),
            Number("slowConsumerCloses"),
            Number("refusedFrames"),
            Rooms(Text("topRooms")));
    }

    /// <summary>The node's top rooms; null when the field is missing (an older node), none when unreadable.</summary>
    private static RoomLoad[]? Rooms(string json)
    {
        if (json.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, StateJsonContext.Default.RoomLoadArray) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
