namespace Ladder.Admin.Services;

/// <summary>
/// The archiver's tables the console reads (the archiver owns the schema and its migrations; these names must follow
/// them).
/// </summary>
internal static class AdminSchema
{
    public const string Messages = "messages";
    public const string Progress = "archive_progress";
    public const string ModerationAudit = "moderation_audit";
    public const string Accounts = "accounts";
    public const string Bans = "moderation_bans";
    public const string Mutes = "moderation_mutes";
    public const string Sessions = "console_sessions";
    public const string SignInFailures = "console_sign_in_failures";
}
