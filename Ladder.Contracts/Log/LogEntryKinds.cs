namespace Ladder.Contracts.Log;

public static class LogEntryKinds
{
    /// <summary>A chat message; the body is a <see cref="StoredMessage"/>.</summary>
    public const string Message = "message";

    /// <summary>A moderator's deletion (tombstone); the body is a <see cref="StoredTombstone"/>.</summary>
    public const string Deleted = "deleted";
}
