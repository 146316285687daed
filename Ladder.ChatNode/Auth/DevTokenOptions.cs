using System.ComponentModel.DataAnnotations;

namespace Ladder.ChatNode.Auth;

/// <summary>The development token endpoint (section <c>Chat</c>, so the keys stay <c>Chat:DevTokens</c> and
/// <c>Chat:DevToken*</c>).</summary>
internal sealed record DevTokenOptions
{
    public const string Section = "Chat";

    /// <summary><c>POST /dev/token</c> exists (a token for any user, no password): for a developer's machine and the
    /// tests only, whatever the environment. Off, the path is 404.</summary>
    public bool DevTokens { get; init; }

    /// <summary>User names <c>/dev/token</c> refuses (403), semicolon-separated, case-insensitive: names people would
    /// take for staff. Empty refuses none.</summary>
    public string DevTokenReservedNames { get; init; } = "admin;moderator;system";

    /// <summary>Largest <c>/dev/token</c> body read (it needs a few dozen bytes); a larger one is 413 <c>too_large</c>.</summary>
    [Range(64, 1024 * 1024)]
    public int DevTokenMaxBodyBytes { get; init; } = 8 * 1024;
}
