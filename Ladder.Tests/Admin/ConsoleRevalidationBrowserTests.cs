using System.Text.RegularExpressions;
using Ladder.Admin.Services;
using Ladder.Tests.Browser;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ladder.Tests.Admin;

/// <summary>
/// An open console page (a live Blazor circuit) loses its access within 30 s once its session ends elsewhere: the
/// account is disabled, or the same browser signs out in another tab. Also: a moderator does not get the admin pages.
/// </summary>
[Collection(ModerationCollection.Name)]
public sealed partial class ConsoleRevalidationBrowserTests(ModerationAppFixture fixture) : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";

    /// <summary>The promise is 30 s; the default revalidation interval is 10 s.</summary>
    private static readonly float Within = 30_000;

    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    public async Task InitializeAsync()
    {
        (playwright, browser) = await Chromium.LaunchAsync();
        SetDefaultExpectTimeout(20_000);
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }

    [Fact]
    public async Task DisablingAnAccountEndsItsOpenCircuit()
    {
        var user = await NewModeratorAsync();
        var context = await browser.NewContextAsync();
        var page = await SignInAsync(context, user);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Overview");
        // Moderators see no Accounts link, and the page itself refuses them.
        await Expect(page.Locator("#nav-accounts")).ToHaveCountAsync(0);

        await using (var stores = await PlatformStores.OpenAsync(fixture))
        {
            Assert.Null(await new ConsoleStores(stores.Database).Directory.SetDisabledAsync(user, disabled: true, "admin", CancellationToken.None));
        }

        await Expect(page).ToHaveURLAsync(LoginPage(), new() { Timeout = Within });
        await context.CloseAsync();
    }

    [Fact]
    public async Task SigningOutInOneTabEndsTheCircuitInAnother()
    {
        var user = await NewModeratorAsync();
        var context = await browser.NewContextAsync();
        var watching = await SignInAsync(context, user);
        await watching.GotoAsync(new Uri(fixture.Endpoint("admin"), "/audit").ToString());
        await Expect(watching.Locator("h1")).ToHaveTextAsync("Audit log");

        var other = await context.NewPageAsync();
        await other.GotoAsync(new Uri(fixture.Endpoint("admin"), "/").ToString());
        await Expect(other.Locator("h1")).ToHaveTextAsync("Overview");
        await other.ClickAsync("form.logout button");
        await Expect(other).ToHaveURLAsync(LoginPage());

        await Expect(watching).ToHaveURLAsync(LoginPage(), new() { Timeout = Within });
        await context.CloseAsync();
    }

    private async Task<IPage> SignInAsync(IBrowserContext context, string user)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.Endpoint("admin"), "/account/login").ToString());
        await page.FillAsync("#user", user);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#sign-in");
        return page;
    }

    private async Task<string> NewModeratorAsync()
    {
        await using var stores = await PlatformStores.OpenAsync(fixture);
        var user = ConsoleStores.NewUser("brw");
        Assert.True(await new ConsoleStores(stores.Database).Accounts.CreateAsync(user, "Browser test", ConsoleRoles.Moderator, Password, CancellationToken.None));
        return user;
    }

    [GeneratedRegex("/account/login")]
    private static partial Regex LoginPage();
}
