namespace Ladder.Contracts.Archive;

/// <summary>The <see cref="AuditRow.Action"/> of each moderator action the archiver records.</summary>
public static class ModerationActions
{
    public const string Delete = "delete";
    public const string Mute = "mute";
    public const string Ban = "ban";
    public const string Kick = "kick";
    public const string CloseRoom = "close-room";

    public static readonly IReadOnlyList<string> All = [Delete, Mute, Ban, Kick, CloseRoom];
}
