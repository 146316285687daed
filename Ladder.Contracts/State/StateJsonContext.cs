namespace Ladder.Contracts.State;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PresenceChange))]
[JsonSerializable(typeof(TypingSignal))]
[JsonSerializable(typeof(NodeStats))]
[JsonSerializable(typeof(UserSession))]
public sealed partial class StateJsonContext : JsonSerializerContext;
