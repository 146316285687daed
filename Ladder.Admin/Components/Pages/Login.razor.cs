using System.Security.Claims;
using Ladder.Admin.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components;

namespace Ladder.Admin.Components.Pages;

/// <summary>Static server-rendered sign-in form: the antiforgery token comes with the form, the cookie with the response.</summary>
public sealed partial class Login
{
    [Inject]
    private AccountStore Accounts { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = null!;

    [SupplyParameterFromForm(FormName = "login")]
    private LoginForm? Form { get; set; }

    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    private string? error;

    protected override void OnInitialized() => Form ??= new LoginForm();

    private async Task SignInAsync()
    {
        var result = await Accounts.SignInAsync(Form!.UserName, Form.Password, HttpContext.RequestAborted);
        switch (result.Outcome)
        {
            case SignInOutcome.Succeeded:
                var identity = new ClaimsIdentity(
                    [new Claim(ClaimTypes.Name, result.Account!.UserName), new Claim(ClaimTypes.Role, result.Account.Role)],
                    CookieAuthenticationDefaults.AuthenticationScheme);
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
                Navigation.NavigateTo(LocalOnly(ReturnUrl));
                return;
            case SignInOutcome.LockedOut:
                error = "Too many failed attempts: this account is locked for a while.";
                break;
            case SignInOutcome.Unavailable:
                error = "The account store is not available yet; try again in a moment.";
                break;
            default:
                error = "Wrong user name or password.";
                break;
        }

        Form.Password = "";
    }

    /// <summary>Only a path on this site: a crafted <c>returnUrl</c> must not send a fresh session elsewhere.</summary>
    public static string LocalOnly(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl))
        {
            return "/";
        }

        var path = returnUrl.StartsWith('/') ? returnUrl : "/" + returnUrl;
        return path.StartsWith("//", StringComparison.Ordinal) || path.StartsWith("/\\", StringComparison.Ordinal) || path.Contains("://", StringComparison.Ordinal)
            ? "/"
            : path;
    }
}
