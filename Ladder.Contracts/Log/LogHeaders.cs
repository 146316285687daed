namespace Ladder.Contracts.Log;

/// <summary>Headers of an entry in the chat log.</summary>
public static class LogHeaders
{
    /// <summary><see cref="LogEntryKinds.Message"/> or <see cref="LogEntryKinds.Deleted"/>.</summary>
    public const string Kind = "Ladder-Kind";
}
