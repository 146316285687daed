using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Ladder.Admin.Components;

public sealed partial class App
{
    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = null!;

    // Without prerendering each page queries its stores once (not once for the prerender and again for the circuit), and
    // a button on screen is always live.
    private static readonly IComponentRenderMode Interactive = new InteractiveServerRenderMode(prerender: false);

    /// <summary>The sign-in pages are static server-rendered forms (the cookie is set on an HTTP response, never over a
    /// circuit); every other page runs interactively on the server.</summary>
    private IComponentRenderMode? PageRenderMode =>
        HttpContext.Request.Path.StartsWithSegments("/account") ? null : Interactive;
}
