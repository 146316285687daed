namespace Ladder.Contracts.Log;

/// <summary>
/// One chat log entry as <see cref="LogEntryReader"/> read it: a <see cref="Message"/>, a <see cref="Tombstone"/>, or
/// not understood (<see cref="Problem"/> says why). A struct, so that reading an entry allocates only its body's record.
/// </summary>
public readonly struct LogEntry
{
    private LogEntry(StoredMessage? message, StoredTombstone? tombstone, string? problem)
    {
        Message = message;
        Tombstone = tombstone;
        Problem = problem;
    }

    /// <summary>The message, when the entry is of kind <see cref="LogEntryKinds.Message"/> and its body is complete.</summary>
    public StoredMessage? Message { get; }

    /// <summary>The tombstone, when the entry is of kind <see cref="LogEntryKinds.Deleted"/> and its body is complete.</summary>
    public StoredTombstone? Tombstone { get; }

    /// <summary>Why the entry is not understood; null for a message or a tombstone.</summary>
    public string? Problem { get; }

    /// <summary>When the entry was written (the body's timestamp); default when it is not understood.</summary>
    public DateTimeOffset StoredAt => Message?.Ts ?? Tombstone?.Ts ?? default;

    public static LogEntry Of(StoredMessage message) => new(message, null, null);

    public static LogEntry Of(StoredTombstone tombstone) => new(null, tombstone, null);

    public static LogEntry NotUnderstood(string problem) => new(null, null, problem);
}
