namespace Ladder.Contracts.Wire;

/// <summary>Source-generated (reflection-free, trimming- and AOT-safe) serialization of every wire type: camelCase
/// property names, null properties omitted. Use <c>WireJsonContext.Default.MessageFrame</c> and the like.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HelloFrame))]
[JsonSerializable(typeof(JoinFrame))]
[JsonSerializable(typeof(LeaveFrame))]
[JsonSerializable(typeof(SendFrame))]
[JsonSerializable(typeof(TypingFrame))]
[JsonSerializable(typeof(HistoryRequestFrame))]
[JsonSerializable(typeof(PingFrame))]
[JsonSerializable(typeof(RefreshFrame))]
[JsonSerializable(typeof(RefreshedFrame))]
[JsonSerializable(typeof(WelcomeFrame))]
[JsonSerializable(typeof(JoinedFrame))]
[JsonSerializable(typeof(MessageFrame))]
[JsonSerializable(typeof(LeftFrame))]
[JsonSerializable(typeof(SyncedFrame))]
[JsonSerializable(typeof(TruncatedFrame))]
[JsonSerializable(typeof(AckFrame))]
[JsonSerializable(typeof(DeletedFrame))]
[JsonSerializable(typeof(PresenceFrame))]
[JsonSerializable(typeof(HistoryFrame))]
[JsonSerializable(typeof(PongFrame))]
[JsonSerializable(typeof(ErrorFrame))]
[JsonSerializable(typeof(HttpError))]
[JsonSerializable(typeof(PostMessageRequest))]
[JsonSerializable(typeof(PostMessageResponse))]
[JsonSerializable(typeof(HistoryResponse))]
[JsonSerializable(typeof(DevTokenRequest))]
[JsonSerializable(typeof(DevTokenResponse))]
[JsonSerializable(typeof(ServerPostRequest))]
[JsonSerializable(typeof(ServerModerationRequest))]
[JsonSerializable(typeof(RoomPresence))]
public sealed partial class WireJsonContext : JsonSerializerContext;
