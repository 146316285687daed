namespace Ladder.Admin.Services;

/// <summary>The roles that may sign in to the console (<c>accounts.role</c>; plain chat users are <c>user</c>).</summary>
public static class ConsoleRoles
{
    /// <summary>Everything a moderator may do, plus accounts and platform settings.</summary>
    public const string Admin = "admin";

    /// <summary>Overview, rooms, room actions, user sanctions, the audit log.</summary>
    public const string Moderator = "moderator";

    public static bool CanSignIn(string role) => role is Admin or Moderator;
}
