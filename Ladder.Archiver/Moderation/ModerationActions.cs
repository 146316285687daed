namespace Ladder.Archiver.Moderation;

/// <summary>The <c>action</c> column of the audit log.</summary>
internal static class ModerationActions
{
    public const string Delete = "delete";
    public const string Mute = "mute";
    public const string Ban = "ban";
    public const string Kick = "kick";
    public const string CloseRoom = "close-room";
}
