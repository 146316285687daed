namespace Ladder.Contracts.State;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PresenceChange))]
[JsonSerializable(typeof(TypingSignal))]
[JsonSerializable(typeof(NodeStats))]
[JsonSerializable(typeof(UserSession))]
[JsonSerializable(typeof(RoomLoad[]))]
public sealed partial class StateJsonContext : JsonSerializerContext;
