using Ladder.Admin.Components;
using Ladder.Admin.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Ladder.Admin.Extensions;

internal static class AdminEndpointExtensions
{
    public static WebApplication MapConsole(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();

        // Every page and the Blazor hub (/_blazor, negotiate included) need a moderator's session; the sign-in pages
        // opt out with [AllowAnonymous], the admin-only pages add their own policy.
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .RequireAuthorization(ConsolePolicies.Moderation);

        // A form post (never a link): binding [FromForm] makes the endpoint check the antiforgery token.
        app.MapPost("/account/logout", async (HttpContext context, ConsoleSessions sessions, [FromForm] string? returnUrl) =>
        {
            await sessions.EndAsync(context.User, ClientAddress.Of(context.Connection.RemoteIpAddress), context.RequestAborted);
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/account/login");
        }).RequireAuthorization();

        return app;
    }
}
