using System.ComponentModel.DataAnnotations;

namespace Ladder.ChatNode.Fanout;

/// <summary>The fan-out's memory of recent entries (section <c>Chat</c>, the key <c>Chat:RecentEntriesMaxBytes</c>).</summary>
internal sealed record RecentEntriesOptions
{
    public const string Section = "Chat";

    /// <summary>Memory for the newest routed log entries the fan-out keeps over all rooms (each counts its encoded frame
    /// plus 128 bytes), so that a resume whose gap they cover replays without a JetStream request; 0 keeps none.</summary>
    [Range(0, long.MaxValue)]
    public long RecentEntriesMaxBytes { get; init; } = 32L * 1024 * 1024;
}
