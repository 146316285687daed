namespace Ladder.Contracts.Log;

/// <summary>Headers of an entry in the chat log (written by <see cref="LogEntryWriter"/>, read by <see cref="LogEntryReader"/>).</summary>
public static class LogHeaders
{
    /// <summary><see cref="LogEntryKinds.Message"/> or <see cref="LogEntryKinds.Deleted"/>; an entry without it is not understood.</summary>
    public const string Kind = "Ladder-Kind";

    /// <summary>The W3C trace context of the send that wrote a message, so the archive's span joins the node's trace.</summary>
    public const string TraceParent = "traceparent";
}
