using Ladder.Admin.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.FluentUI.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Ladder.Admin.Components.Layout;

/// <summary>
/// The console's frame: the theme (the system's by default, a toggle for light or dark, remembered by the browser)
/// and the viewer's time zone, asked of the browser once per circuit and handed to every <c>LocalTime</c>.
/// </summary>
public sealed partial class MainLayout
{
    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    private DesignThemeModes mode = DesignThemeModes.System;
    private bool systemDark;

    private ViewerClock Clock { get; set; } = ViewerClock.Utc;

    private bool Dark => mode == DesignThemeModes.Dark || (mode == DesignThemeModes.System && systemDark);

    private void ToggleTheme() => mode = Dark ? DesignThemeModes.Light : DesignThemeModes.Dark;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive)
        {
            return;
        }

        try
        {
            await using var module = await JS.InvokeAsync<IJSObjectReference>("import", "./console.js");
            var viewer = await module.InvokeAsync<ViewerSettings>("viewer");
            Clock = ViewerClock.FromId(viewer.TimeZone);
            systemDark = viewer.PrefersDark;
            StateHasChanged();
        }
        catch (JSException)
        {
            // An old browser: times stay in UTC.
        }
    }

    private sealed record ViewerSettings(string? TimeZone, bool PrefersDark);
}
