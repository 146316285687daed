using Ladder.Tests.Browser;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ladder.Tests.Admin;

/// <summary>In headless Chromium, an error a service logged (as the dashboard's telemetry API reports it) appears in
/// the overview's problems panel, as text, with a link that opens the dashboard's view of its trace; one logged while
/// the platform was starting is left out (counted, shown on request).</summary>
public sealed class ConsoleProblemsPanelBrowserTests(StandInDashboardAppFixture fixture) : IClassFixture<StandInDashboardAppFixture>, IAsyncLifetime
{
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
    public async Task AnErrorLoggedByAServiceAppearsWithAWorkingLinkToTheDashboard()
    {
        var admin = fixture.Endpoint("admin");
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.GotoAsync(new Uri(admin, "/account/login").ToString());
        await page.FillAsync("#user", "admin");
        await page.FillAsync("#password", await AdminPasswordAsync());
        await page.ClickAsync("#sign-in");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Overview");

        var error = page.Locator("#telemetry-problems li.error");
        await Expect(error).ToContainTextAsync(StandInDashboard.ErrorText);
        await Expect(error).ToContainTextAsync("chat-1");
        Assert.Equal(0, await error.Locator("b").CountAsync());
        var link = error.Locator("a.trace-link");
        var href = await link.GetAttributeAsync("href");
        Assert.Equal($"{fixture.Dashboard.Origin}/traces/detail/{StandInDashboard.TraceId}", href);
        Assert.Equal(0, fixture.Dashboard.Refused);
        // What was logged before the platform settled is counted, not listed, until asked for.
        await Expect(page.Locator("#startup-hidden")).ToContainTextAsync("1 start-up message");
        await Expect(page.Locator("#telemetry-problems")).Not.ToContainTextAsync(StandInDashboard.StartupErrorText);
        await page.ClickAsync("#toggle-startup");
        await Expect(page.Locator("#startup-problems")).ToContainTextAsync(StandInDashboard.StartupErrorText);

        var trace = await browser.NewPageAsync();
        var response = await trace.GotoAsync(href!);
        Assert.Equal(200, response!.Status);
        await Expect(trace.Locator("#trace")).ToHaveTextAsync(StandInDashboard.TraceId);
    }

    private async Task<string> AdminPasswordAsync()
    {
        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>();
        var parameter = model.Resources.OfType<ParameterResource>().Single(resource => resource.Name == "admin-password");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return (await parameter.GetValueAsync(timeout.Token))!;
    }
}
