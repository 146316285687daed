namespace Ladder.Contracts.Archive;

/// <summary>
/// The names of the archive's tables in PostgreSQL. The archiver owns the schema (its migrations create these); the
/// chat nodes' history and the admin console read the same tables by these names, so a rename is a migration plus a
/// change here.
/// </summary>
public static class ArchiveTables
{
    /// <summary>Chat history, keyed by <c>(room, seq)</c>; seq is the chat log's stream sequence.</summary>
    public const string Messages = "messages";

    /// <summary>Tombstones from the chat log: which message a moderator removed, by whom and why.</summary>
    public const string MessageDeletions = "message_deletions";

    /// <summary>Log entries that can never be archived, so the contiguous position can pass them.</summary>
    public const string DeadLetters = "archive_dead_letters";

    /// <summary>One row per stream: the highest contiguous archived seq and the stream's last seq when last measured.</summary>
    public const string Progress = "archive_progress";

    /// <summary>Every moderator action (delete, mute, ban, kick, close), one <see cref="AuditRow"/> each.</summary>
    public const string ModerationAudit = "moderation_audit";

    /// <summary>Registered users and moderators.</summary>
    public const string Accounts = "accounts";

    /// <summary>Active and past bans, one row per user: the durable record behind <c>RedisKeys.Ban</c>.</summary>
    public const string Bans = "moderation_bans";

    /// <summary>Mutes per user and room (<see cref="EveryRoom"/> for everywhere): the record behind <c>RedisKeys.Mute</c>.</summary>
    public const string Mutes = "moderation_mutes";

    /// <summary>Closed rooms: the record behind <c>RedisKeys.ClosedRoom</c>.</summary>
    public const string ClosedRooms = "closed_rooms";

    /// <summary>The admin console's signed-in sessions.</summary>
    public const string ConsoleSessions = "console_sessions";

    /// <summary>The admin console's failed sign-ins, for its throttle.</summary>
    public const string ConsoleSignInFailures = "console_sign_in_failures";

    /// <summary>The server API's keys (hashed, with their scopes): the admin console writes them, the chat nodes verify
    /// <c>Authorization: Bearer lk_…</c> against them.</summary>
    public const string ApiKeys = "api_keys";

    /// <summary>The room column of a mute that applies everywhere (a primary key column cannot be null).</summary>
    public const string EveryRoom = "*";
}
