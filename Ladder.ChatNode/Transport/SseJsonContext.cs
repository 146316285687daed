using System.Text.Json.Serialization;

namespace Ladder.ChatNode.Transport;

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SseClose))]
internal sealed partial class SseJsonContext : JsonSerializerContext;
