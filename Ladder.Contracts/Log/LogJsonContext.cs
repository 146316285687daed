namespace Ladder.Contracts.Log;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StoredMessage))]
[JsonSerializable(typeof(StoredTombstone))]
public sealed partial class LogJsonContext : JsonSerializerContext;
