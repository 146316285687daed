namespace Ladder.Archiver.Storage;

/// <summary>
/// Names of the archive's tables. The chat nodes' history reader queries <see cref="Messages"/> with the same names, so a
/// rename is a migration plus a change there.
/// </summary>
internal static class ArchiveSchema
{
    /// <summary>Chat history, keyed by <c>(room, seq)</c>; seq is the chat log's stream sequence.</summary>
    public const string Messages = "messages";

    /// <summary>Tombstones from the chat log: which message a moderator removed, by whom and why.</summary>
    public const string MessageDeletions = "message_deletions";

    /// <summary>Log entries that can never be archived, so the contiguous position can pass them.</summary>
    public const string DeadLetters = "archive_dead_letters";

    /// <summary>One row per stream: the highest contiguous archived seq and the stream's last seq when last measured.</summary>
    public const string Progress = "archive_progress";

    /// <summary>Every moderator action (delete, mute, ban, kick), written by the moderation consumers.</summary>
    public const string ModerationAudit = "moderation_audit";

    /// <summary>Registered users and moderators.</summary>
    public const string Accounts = "accounts";
}
