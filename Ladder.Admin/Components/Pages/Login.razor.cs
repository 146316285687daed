using System.Globalization;
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
    private ConsoleSessions Sessions { get; set; } = null!;

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
        var address = ClientAddress.Of(HttpContext.Connection.RemoteIpAddress);
        var result = await Accounts.SignInAsync(Form!.UserName, Form.Password, address, HttpContext.RequestAborted);
        switch (result.Outcome)
        {
            case SignInOutcome.Succeeded:
                var principal = await Sessions.StartAsync(result.Account!, address, CookieAuthenticationDefaults.AuthenticationScheme, HttpContext.RequestAborted);
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
                Navigation.NavigateTo(LocalOnly(ReturnUrl));
                return;
            case SignInOutcome.Throttled:
                var seconds = RetrySeconds(result.RetryAfter);
                error = ThrottledMessage(seconds);
                if (!HttpContext.Response.HasStarted)
                {
                    HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

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

    public static long RetrySeconds(TimeSpan? retryAfter) => Math.Max(1, (long)Math.Ceiling((retryAfter ?? TimeSpan.Zero).TotalSeconds));

    public static string ThrottledMessage(long seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"Too many failed sign-ins from your address: try again in {seconds} s.");

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
