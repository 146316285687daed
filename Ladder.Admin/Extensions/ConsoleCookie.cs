using Ladder.Admin.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Npgsql;

namespace Ladder.Admin.Extensions;

/// <summary>The console's session cookie: what it carries, where it may go, and when it stops counting.</summary>
internal static partial class ConsoleCookie
{
    public const string Name = "ladder-admin";

    /// <summary>The Blazor hub: a script talks to it, so it gets a status code instead of a redirect to a form.</summary>
    private static readonly PathString BlazorHub = "/_blazor";

    public static void Configure(CookieAuthenticationOptions cookie, AdminOptions options)
    {
        cookie.LoginPath = "/account/login";
        cookie.LogoutPath = "/account/logout";
        cookie.AccessDeniedPath = "/account/denied";
        cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
        cookie.SlidingExpiration = true;
        cookie.Cookie.Name = Name;
        cookie.Cookie.HttpOnly = true;
        // Strict: no other site can make the browser send it along (the console has no cross-site entry points).
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = options.CookieSecurePolicy;
        cookie.Events.OnValidatePrincipal = ValidateSessionAsync;
        cookie.Events.OnRedirectToLogin = context => StatusOrRedirect(context, StatusCodes.Status401Unauthorized);
        cookie.Events.OnRedirectToAccessDenied = context => StatusOrRedirect(context, StatusCodes.Status403Forbidden);
    }

    /// <summary>Every request re-reads the session: a signed-out, expired or disabled session's cookie is refused even
    /// when the browser (or someone who copied it) still has it.</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        bool valid;
        try
        {
            valid = context.Principal is { } principal
                && await services.GetRequiredService<ConsoleSessions>().IsValidAsync(principal, context.HttpContext.RequestAborted);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            // Refused for this request only: the cookie stays, and counts again once the store is back.
            LogStoreUnavailable(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConsoleCookie)), exception.Message);
            context.RejectPrincipal();
            return;
        }

        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    private static Task StatusOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments(BlazorHub))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Console session not checked, request treated as signed out: {Reason}")]
    private static partial void LogStoreUnavailable(ILogger logger, string reason);
}
