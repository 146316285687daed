using System.Text.Json.Serialization;

namespace Ladder.ChatNode.Access;

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(JoinHookRequest))]
[JsonSerializable(typeof(JoinHookAnswer))]
internal sealed partial class JoinHookJsonContext : JsonSerializerContext;
