namespace Ladder.Contracts.Archive;

/// <summary>What a server API key may do (the <c>scopes</c> column of <see cref="ArchiveTables.ApiKeys"/>).</summary>
public static class ApiKeyScopes
{
    /// <summary>Post to a room as the system or as a bot.</summary>
    public const string Post = "post";

    /// <summary>Close a user's sessions.</summary>
    public const string Disconnect = "disconnect";

    /// <summary>List who is online in a room.</summary>
    public const string Presence = "presence";

    /// <summary>Page a room's history.</summary>
    public const string History = "history";

    /// <summary>Mute, ban, kick, delete: the console's moderation commands.</summary>
    public const string Moderate = "moderate";

    public static readonly IReadOnlyList<string> All = [Post, Disconnect, Presence, History, Moderate];
}
