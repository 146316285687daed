using System.ComponentModel.DataAnnotations;

namespace Ladder.ChatNode.Presence;

/// <summary>Presence and typing (section <c>Chat</c>, so the keys stay <c>Chat:PresenceTimeout</c> and so on).</summary>
internal sealed record PresenceOptions
{
    public const string Section = "Chat";

    /// <summary>How long a user's leave of a room waits before it is announced: a join of the same room by the same
    /// user within it cancels the leave, and neither is announced (leave/join cycles fan out nothing). 0 announces
    /// every change at once.</summary>
    public TimeSpan PresenceCoalesceWindow { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a user stays in a room's presence after their node stops refreshing it (a killed node).</summary>
    public TimeSpan PresenceTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest wait for each Redis call a client frame makes for presence and typing (a join's presence entry, its
    /// announcement and the room's online list; a typing signal). A session's frames are handled one at a time, so a
    /// Redis that hangs would otherwise hold the session's next frames (its sends) for Redis's own 5 s per call; after
    /// it the frame goes on with this node's own view, as when Redis is down.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:05")]
    public TimeSpan PresenceRedisTimeout { get; init; } = TimeSpan.FromMilliseconds(250);
}
