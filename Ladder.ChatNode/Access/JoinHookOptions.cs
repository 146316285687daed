using System.ComponentModel.DataAnnotations;

namespace Ladder.ChatNode.Access;

/// <summary>How the node asks the app's backend about a join (section <c>Chat:JoinHook</c>); which namespaces ask, and
/// where, is their policy's <see cref="NamespacePolicy.JoinHook"/>.</summary>
internal sealed record JoinHookOptions
{
    public const string Section = "Chat:JoinHook";

    /// <summary>Sent in the <c>Ladder-Hook-Secret</c> header of every request, so the backend knows the node; required
    /// (16+ chars) when a namespace has a hook. A secret: set it in the environment or a secret store, never in a file
    /// of the repository.</summary>
    public string Secret { get; init; } = "";

    /// <summary>Longest wait for the backend's answer (connection, request and body); after it the user is refused
    /// (<c>hook_unavailable</c>): the hook fails closed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an allow is kept per (user, room) when the answer names no <c>ttlSeconds</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CacheTtl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest an allow is kept, whatever its <c>ttlSeconds</c> (how long a revocation in the backend may
    /// take to reach a new join).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxCacheTtl { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a deny is kept (at most; a shorter <c>ttlSeconds</c> wins), so a client retrying a refused
    /// join does not turn into a request per retry. Failures (<c>hook_unavailable</c>) are never kept.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DenyCacheTtl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Answers kept at most over all users and rooms; when full, expired ones are dropped, and if none is
    /// expired the next answers are asked for without being kept.</summary>
    [Range(0, 10_000_000)]
    public int MaxCacheEntries { get; init; } = 100_000;

    /// <summary>Connections the node opens at most to one backend; further requests wait for one (within
    /// <see cref="Timeout"/>), so a resume storm of distinct users does not open a socket each.</summary>
    [Range(1, 10_000)]
    public int MaxConnections { get; init; } = 64;
}
