using System.ComponentModel.DataAnnotations;

namespace Ladder.ChatNode.Rooms;

/// <summary>How many rooms a connection may be in, how fast it may join them, and what a join replays (section
/// <c>Chat</c>, so the keys stay <c>Chat:MaxRoomsPerConnection</c> and so on).</summary>
internal sealed record RoomOptions
{
    public const string Section = "Chat";

    /// <summary>Rooms one connection may be in at once.</summary>
    [Range(1, 100_000)]
    public int MaxRoomsPerConnection { get; init; } = 100;

    /// <summary>Joins and leaves per second per connection, sustained (a <c>hello</c> counts as one, whatever it
    /// resumes); over the budget a <c>join</c>/<c>leave</c>/<c>hello</c> answers <c>rate_limited</c>.</summary>
    [Range(0.01, 1_000_000)]
    public double JoinsPerSecond { get; init; } = 2;

    /// <summary>Joins and leaves a connection may make at once before <see cref="JoinsPerSecond"/> applies.</summary>
    [Range(1, 1_000_000)]
    public int JoinBurst { get; init; } = 20;

    /// <summary>Most messages one resume replays before announcing the rest with <c>truncated</c> (a namespace's
    /// policy may set its own).</summary>
    [Range(1, 1_000_000)]
    public int MaxReplay { get; init; } = 1000;

    /// <summary>How long a replay may wait for the log before the join fails with <c>internal</c>.</summary>
    public TimeSpan ReplayTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
