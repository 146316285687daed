namespace Ladder.Contracts.Archive;

/// <summary>
/// The <see cref="AuditRow.Action"/> of each server API call (the chat node writes one row per call, the key's name as
/// the actor) and of the console's key changes. A moderation call also leads to the archiver's own row of the
/// moderation action (<see cref="ModerationActions"/>), as a console moderation does.
/// </summary>
public static class ServerApiActions
{
    public const string Post = "api-post";
    public const string Disconnect = "api-disconnect";
    public const string Presence = "api-presence";
    public const string History = "api-history";
    public const string Mute = "api-mute";
    public const string Ban = "api-ban";
    public const string Kick = "api-kick";
    public const string Delete = "api-delete";
    public const string KeyCreated = "api-key-create";
    public const string KeyRevoked = "api-key-revoke";

    public static readonly IReadOnlyList<string> All = [Post, Disconnect, Presence, History, Mute, Ban, Kick, Delete, KeyCreated, KeyRevoked];
}
