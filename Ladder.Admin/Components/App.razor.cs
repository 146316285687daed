using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Ladder.Admin.Components;

public sealed partial class App
{
    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = null!;

    /// <summary>The sign-in pages are static server-rendered forms (the cookie is set on an HTTP response, never over a
    /// circuit); every other page runs interactively on the server.</summary>
    private IComponentRenderMode? PageRenderMode =>
        HttpContext.Request.Path.StartsWithSegments("/account") ? null : RenderMode.InteractiveServer;
}
