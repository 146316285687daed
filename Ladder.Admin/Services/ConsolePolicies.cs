using Microsoft.AspNetCore.Authorization;

namespace Ladder.Admin.Services;

/// <summary>The console's authorization policies: every page names one.</summary>
public static class ConsolePolicies
{
    /// <summary>The moderation pages: moderators and admins.</summary>
    public const string Moderation = "moderation";

    /// <summary>Accounts and platform settings: admins only.</summary>
    public const string Administration = "administration";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Moderation, policy => policy.RequireAuthenticatedUser().RequireRole(ConsoleRoles.Moderator, ConsoleRoles.Admin));
        options.AddPolicy(Administration, policy => policy.RequireAuthenticatedUser().RequireRole(ConsoleRoles.Admin));
    }
}
