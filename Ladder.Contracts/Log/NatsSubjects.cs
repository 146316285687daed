namespace Ladder.Contracts.Log;

/// <summary>Every NATS subject and stream name Ladder uses, in one place.</summary>
public static class NatsSubjects
{
    /// <summary>The JetStream stream that is the durable chat log.</summary>
    public const string ChatStream = "CHAT";

    public const string RoomPrefix = "chat.room.";

    /// <summary>Every room's log subject (what the stream stores and each node reads in order).</summary>
    public const string AllRooms = RoomPrefix + "*";

    /// <summary>The stream republishes each stored entry of room <c>r</c> to <c>chat.live.r</c> (with its stream seq and
    /// the room's previous seq as headers): a node subscribes to its own rooms' live subjects only.</summary>
    public const string LivePrefix = "chat.live.";

    /// <summary>What the stream republishes: every room subject.</summary>
    public const string RepublishSource = RoomPrefix + ">";

    /// <summary>Where it republishes to: the room's token moved under <see cref="LivePrefix"/>.</summary>
    public const string RepublishDestination = LivePrefix + ">";

    /// <summary>Ephemeral typing signals: core NATS, never stored.</summary>
    public const string TypingPrefix = "chat.typing.";

    public const string AllTyping = TypingPrefix + "*";

    public static string Room(string room) => RoomPrefix + Token(room);

    public static string Typing(string room) => TypingPrefix + Token(room);

    public static string Live(string room) => LivePrefix + Token(room);

    /// <summary>The room of a log or typing subject, or null when the subject is neither.</summary>
    public static string? RoomOf(string subject) =>
        subject.StartsWith(RoomPrefix, StringComparison.Ordinal) ? FromToken(subject[RoomPrefix.Length..])
        : subject.StartsWith(TypingPrefix, StringComparison.Ordinal) ? FromToken(subject[TypingPrefix.Length..])
        : null;

    /// <summary>
    /// A room as one subject token. Room names of protocol v1.1 may hold <c>.</c> (a user id in <c>dm:a.b,c</c>),
    /// which would split the token: it becomes <c>~</c>, which no room name holds, so the mapping is reversible and
    /// every v1 room keeps its subject.
    /// </summary>
    public static string Token(string room) => room.Replace('.', '~');

    private static string FromToken(string token) => token.Replace('~', '.');

    /// <summary>JetStream's publish dedupe key: <c>(room, user, clientMsgId)</c> is a send's identity. The key is
    /// stream-wide, so it must tell rooms apart: a v1 room holds no <c>:</c> and ends at the first one; a namespaced
    /// room (which holds <c>:</c>) is written after its length and a <c>#</c>, which no v1 key has before its first
    /// <c>:</c>.</summary>
    public static string MessageId(string room, string user, string clientMsgId) =>
        room.Contains(':', StringComparison.Ordinal) ? $"{room.Length}#{room}:{user}:{clientMsgId}" : $"{room}:{user}:{clientMsgId}";

    /// <summary>
    /// The dedupe key of a message the server API posts as <paramref name="sender"/> (<c>system</c>, <c>bot:name</c>).
    /// It starts with <c>api#</c>, which no user's key can (those start with a room, which holds no <c>#</c>, or with
    /// the room's length), so a user named <c>bot</c> cannot take a bot's key with a <c>clientMsgId</c> holding a
    /// <c>:</c>.
    /// </summary>
    public static string ServerMessageId(string room, string sender, string clientMsgId) => $"api#{room.Length}#{room}:{sender}:{clientMsgId}";

    /// <summary>The dedupe key of the tombstone of message <paramref name="seq"/>: a retried deletion adds no second one.</summary>
    public static string TombstoneId(string room, ulong seq) => $"delete:{room}:{seq}";
}
