using Ladder.Admin.Services;
using Microsoft.AspNetCore.Components.Authorization;

namespace Ladder.Admin.Components.Pages;

/// <summary>
/// A change only an admin may make (an account, an API key), run as the signed-in admin. The role is checked again
/// here, not only by the page's policy: a circuit outlives the request that authorized it.
/// </summary>
internal static class AdminChange
{
    /// <summary>The notice to show, and whether the change ran (so the page reloads its list).</summary>
    /// <param name="what">What the page changes, for the refusal ("accounts", "API keys").</param>
    /// <param name="change">Given the admin's name; returns a refusal, or null for <paramref name="done"/>.</param>
    /// <param name="busy">Told true while the change runs, then false.</param>
    public static async Task<(string Notice, bool Ran)> RunAsync(
        Task<AuthenticationState> authentication, string what, Func<string, Task<string?>> change, string done, Action<bool> busy)
    {
        var user = (await authentication).User;
        if (!user.IsInRole(ConsoleRoles.Admin) || user.Identity?.Name is not { } actor)
        {
            return ($"Only an admin can change {what}.", false);
        }

        busy(true);
        try
        {
            return (await change(actor) ?? done, true);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return ($"Not changed: {exception.Message}", true);
        }
        finally
        {
            busy(false);
        }
    }
}
