using System.ComponentModel.DataAnnotations;
using Ladder.ChatNode.Access;
using Ladder.ChatNode.Protocol;

namespace Ladder.ChatNode.Configuration;

/// <summary>The chat node's limits (section <c>Chat</c>). Every one is configurable from the AppHost
/// (<c>Ladder:Chat:*</c>), so a benchmark can raise them and a test can lower them.</summary>
internal sealed record ChatOptions
{
    public const string Section = "Chat";

    /// <summary>Shown in <c>welcome.node</c>; the AppHost sets the resource name.</summary>
    public string NodeName { get; init; } = Environment.MachineName;

    /// <summary>Largest WebSocket message accepted; a larger one closes the connection with 1009.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxFrameBytes { get; init; } = 64 * 1024;

    /// <summary>Longest <c>send.text</c>, in UTF-16 code units.</summary>
    [Range(1, 1_000_000)]
    public int MaxTextLength { get; init; } = 4096;

    /// <summary>Most messages one resume replays before announcing the rest with <c>truncated</c>.</summary>
    [Range(1, 1_000_000)]
    public int MaxReplay { get; init; } = 1000;

    /// <summary>Frames waiting for one connection's socket; a full queue closes the connection with 4008.</summary>
    [Range(16, 1_000_000)]
    public int SendQueueLength { get; init; } = 4096;

    /// <summary>How long a closing connection may take to receive what was already queued before it is aborted.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(60);

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

    /// <summary>How long a user's leave of a room waits before it is announced: a join of the same room by the same
    /// user within it cancels the leave, and neither is announced (leave/join cycles fan out nothing). 0 announces
    /// every change at once.</summary>
    public TimeSpan PresenceCoalesceWindow { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Open connections (WebSocket and SSE) one user may hold over all nodes; the next is refused before the
    /// upgrade with HTTP 429. Counted in Redis; while Redis is unreachable each node counts its own.</summary>
    [Range(1, 1_000_000)]
    public int MaxConnectionsPerUser { get; init; } = 32;

    /// <summary>The <c>Retry-After</c> of a connection refused by <see cref="MaxConnectionsPerUser"/>.</summary>
    public TimeSpan ConnectionLimitRetryAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a node's count of a connection lives in Redis without a refresh (a killed node's
    /// connections stop counting after it); the node refreshes its live ones every third of it.</summary>
    public TimeSpan ConnectionCountTtl { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest wait for each of Redis's two reads while admitting a connection (the ban, the count); after it
    /// the node decides on its own (its moderation cache, its own count).</summary>
    public TimeSpan ConnectionCountTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Sends per second per user, sustained.</summary>
    [Range(0.01, 1_000_000)]
    public double SendsPerSecond { get; init; } = 20;

    /// <summary>Sends a user may make at once before the rate applies.</summary>
    [Range(1, 1_000_000)]
    public int SendBurst { get; init; } = 50;

    /// <summary>Refused sends in a row after which the connection is closed with 4029.</summary>
    [Range(1, 1_000_000)]
    public int FloodStrikes { get; init; } = 20;

    /// <summary>Default and largest <c>limit</c> of a history page (the contract allows at most 200).</summary>
    [Range(1, 200)]
    public int HistoryDefaultLimit { get; init; } = 50;

    [Range(1, 200)]
    public int HistoryMaxLimit { get; init; } = 200;

    /// <summary>Browser origins allowed to open <c>/ws</c> and <c>/sse</c> (cross-site WebSocket hijacking); the node's
    /// own origin only if listed ("same as Host" would let a DNS-rebinding page in).</summary>
    public string[] AllowedOrigins { get; init; } = [];

    /// <summary><c>POST /dev/token</c> exists (a token for any user, no password): for a developer's machine and the
    /// tests only, whatever the environment. Off, the path is 404.</summary>
    public bool DevTokens { get; init; }

    /// <summary>User names <c>/dev/token</c> refuses (403), semicolon-separated, case-insensitive: names people would
    /// take for staff. Empty refuses none.</summary>
    public string DevTokenReservedNames { get; init; } = "admin;moderator;system";

    /// <summary>Largest <c>/dev/token</c> body read (it needs a few dozen bytes); a larger one is 413 <c>too_large</c>.</summary>
    [Range(64, 1024 * 1024)]
    public int DevTokenMaxBodyBytes { get; init; } = 8 * 1024;

    /// <summary>Largest <c>POST /rooms/{room}/messages</c> body read, checked after the token; a larger one is 413
    /// <c>too_large</c>. Unset: what the longest text needs with every character escaped (<c>\uXXXX</c>, 6 bytes per
    /// UTF-16 unit) plus 1 KiB for the rest.</summary>
    [Range(1024, int.MaxValue)]
    public int? MaxMessageBodyBytes { get; init; }

    /// <summary><see cref="MaxMessageBodyBytes"/>, or its default for <see cref="MaxTextLength"/>.</summary>
    public long MessageBodyLimit => MaxMessageBodyBytes ?? (6L * MaxTextLength) + 1024;

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

    /// <summary>How often a node publishes its stats and refreshes its users' sessions for the admin console.</summary>
    public TimeSpan StatsInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a user's session listing (for the admin console) outlives its node's last refresh. Listings
    /// are written when a session opens or changes rooms and rewritten a slice at a time, all within a third of
    /// this; the console hides listings of nodes that stopped reporting.</summary>
    public TimeSpan SessionListingTtl { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The node's own base URL, shown by the admin console.</summary>
    public string PublicUrl { get; init; } = "";

    /// <summary>Memory for the newest routed log entries the fan-out keeps over all rooms (each counts its encoded frame
    /// plus 128 bytes), so that a resume whose gap they cover replays without a JetStream request; 0 keeps none.</summary>
    [Range(0, long.MaxValue)]
    public long RecentEntriesMaxBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Room namespaces (protocol v1.1) and their policies: <c>Chat:Namespaces:&lt;ns&gt;:Join</c> and so on, see
    /// <see cref="NamespacePolicy"/>. <c>dm</c> needs no entry; rooms of any other namespace not listed are refused.</summary>
    public Dictionary<string, NamespacePolicy> Namespaces { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Namespace names of 1–32 chars of <c>[a-z0-9_-]</c> whose limits are in range: what
    /// <c>ValidateDataAnnotations</c> does not reach inside a dictionary.</summary>
    public bool HasValidNamespaces() => Namespaces.All(entry =>
        entry.Key.Length <= FrameValidation.MaxNamespaceLength && FrameValidation.IsPlainName(entry.Key)
        && entry.Value.MaxReplay is null or >= 1 and <= 1_000_000
        && entry.Value.HistoryMaxLimit is null or >= 1 and <= 200
        && Enum.IsDefined(entry.Value.Join) && Enum.IsDefined(entry.Value.Send)
        && (entry.Value.Join == JoinRule.Hook) == entry.Value.JoinHook is { IsAbsoluteUri: true, Scheme: "http" or "https" });

    /// <summary>How long a replay may wait for the log before the join fails with <c>internal</c>.</summary>
    public TimeSpan ReplayTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
