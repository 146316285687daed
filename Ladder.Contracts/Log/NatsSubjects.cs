namespace Ladder.Contracts.Log;

/// <summary>Every NATS subject and stream name Ladder uses, in one place.</summary>
public static class NatsSubjects
{
    /// <summary>The JetStream stream that is the durable chat log.</summary>
    public const string ChatStream = "CHAT";

    public const string RoomPrefix = "chat.room.";

    /// <summary>Every room's log subject (what the stream stores and each node reads in order).</summary>
    public const string AllRooms = RoomPrefix + "*";

    /// <summary>Ephemeral typing signals: core NATS, never stored.</summary>
    public const string TypingPrefix = "chat.typing.";

    public const string AllTyping = TypingPrefix + "*";

    public static string Room(string room) => RoomPrefix + room;

    public static string Typing(string room) => TypingPrefix + room;

    /// <summary>The room of a log or typing subject, or null when the subject is neither.</summary>
    public static string? RoomOf(string subject) =>
        subject.StartsWith(RoomPrefix, StringComparison.Ordinal) ? subject[RoomPrefix.Length..]
        : subject.StartsWith(TypingPrefix, StringComparison.Ordinal) ? subject[TypingPrefix.Length..]
        : null;

    /// <summary>JetStream's publish dedupe key: <c>(room, user, clientMsgId)</c> is a send's identity.</summary>
    public static string MessageId(string room, string user, string clientMsgId) => $"{room}:{user}:{clientMsgId}";
}
