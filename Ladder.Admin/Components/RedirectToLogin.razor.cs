using Microsoft.AspNetCore.Components;

namespace Ladder.Admin.Components;

/// <summary>Sends a signed-out visitor of an interactive page to the sign-in form, and back afterwards.</summary>
public sealed partial class RedirectToLogin
{
    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    protected override void OnInitialized() =>
        Navigation.NavigateTo("/account/login?returnUrl=" + Uri.EscapeDataString(Navigation.ToBaseRelativePath(Navigation.Uri)), forceLoad: true);
}
