namespace Ladder.Admin.Services;

/// <summary>The audit log's actions written by the console itself (the moderation actions are the archiver's).</summary>
public static class ConsoleAuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string SignInThrottled = "sign-in-throttled";
    public const string SignOut = "sign-out";
    public const string AccountCreated = "account-create";
    public const string AccountDisabled = "account-disable";
    public const string AccountEnabled = "account-enable";

    public static readonly IReadOnlyList<string> All =
        [SignIn, SignInFailed, SignInThrottled, SignOut, AccountCreated, AccountDisabled, AccountEnabled];
}
