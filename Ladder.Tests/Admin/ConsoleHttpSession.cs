using System.Net;
using System.Text.RegularExpressions;

namespace Ladder.Tests.Admin;

/// <summary>The console driven over plain HTTP, as a script would: its own cookie jar, no redirects followed, the sign-in
/// form filled from the fields the page renders (antiforgery token included).</summary>
internal sealed partial class ConsoleHttpSession : IDisposable
{
    private readonly HttpClient client;

    public ConsoleHttpSession(Uri console)
    {
        Cookies = new CookieContainer();
        client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false })
        {
            BaseAddress = console,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Client => client;

    /// <summary>Posts the sign-in form; returns the response (302 on success, the form again otherwise).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string user, string password)
    {
        var form = await client.GetStringAsync("/account/login");
        var fields = HiddenInput().Matches(form).ToDictionary(match => WebUtility.HtmlDecode(match.Groups["name"].Value), match => WebUtility.HtmlDecode(match.Groups["value"].Value));
        fields[NameOf(form, "user")] = user;
        fields[NameOf(form, "password")] = password;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(fields));
    }

    /// <summary>Posts the sign-out form from a console page (it carries its own antiforgery token).</summary>
    public async Task<HttpResponseMessage> SignOutAsync()
    {
        var page = await client.GetStringAsync("/account/denied");
        var fields = HiddenInput().Matches(page).ToDictionary(match => match.Groups["name"].Value, match => WebUtility.HtmlDecode(match.Groups["value"].Value));
        return await client.PostAsync("/account/logout", new FormUrlEncodedContent(fields));
    }

    /// <summary>The Blazor hub's negotiate request, as blazor.web.js sends it before opening a circuit.</summary>
    public Task<HttpResponseMessage> NegotiateAsync() =>
        client.PostAsync("/_blazor/negotiate?negotiateVersion=1", new StringContent(""));

    public string? SessionCookie => Cookies.GetCookies(client.BaseAddress!)["ladder-admin"]?.Value;

    private static string NameOf(string form, string id) =>
        Regex.Match(form, $"<input[^>]*id=\"{id}\"[^>]*>") is { Success: true } input && Regex.Match(input.Value, "name=\"([^\"]+)\"") is { Success: true } name
            ? WebUtility.HtmlDecode(name.Groups[1].Value)
            : throw new InvalidOperationException($"The sign-in form has no input #{id}");

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();

    public void Dispose() => client.Dispose();
}
