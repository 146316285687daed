using Ladder.Admin.Components;
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

        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

        // A form post (never a link): binding [FromForm] makes the endpoint check the antiforgery token.
        app.MapPost("/account/logout", async (HttpContext context, [FromForm] string? returnUrl) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/account/login");
        }).RequireAuthorization();

        return app;
    }
}
