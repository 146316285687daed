using System.ComponentModel.DataAnnotations;

namespace Ladder.ChatNode.Sessions;

/// <summary>One connection's limits and its listing for the admin console (section <c>Chat</c>, so the keys stay
/// <c>Chat:SendQueueLength</c> and so on).</summary>
internal sealed record ChatSessionOptions
{
    public const string Section = "Chat";

    /// <summary>Largest WebSocket message accepted; a larger one closes the connection with 1009.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxFrameBytes { get; init; } = 64 * 1024;

    /// <summary>Frames waiting for one connection's socket; a full queue closes the connection with 4008.</summary>
    [Range(16, 1_000_000)]
    public int SendQueueLength { get; init; } = 4096;

    /// <summary>How long a closing connection may take to receive what was already queued before it is aborted.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a user's session listing (for the admin console) outlives its node's last refresh. Listings
    /// are written when a session opens or changes rooms and rewritten a slice at a time, all within a third of
    /// this; the console hides listings of nodes that stopped reporting.</summary>
    public TimeSpan SessionListingTtl { get; init; } = TimeSpan.FromMinutes(5);
}
