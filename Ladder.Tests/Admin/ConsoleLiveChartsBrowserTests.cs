using Ladder.Tests.Browser;
using Ladder.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Ladder.Tests.Admin;

/// <summary>The overview's live charts and hot rooms follow real traffic in headless Chromium; keeps screenshots of the
/// sign-in page, the overview and a room page in light and dark.</summary>
[Collection(LadderCollection.Name)]
public sealed class ConsoleLiveChartsBrowserTests(LadderAppFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Moves = TimeSpan.FromSeconds(5);

    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    public async Task InitializeAsync()
    {
        (playwright, browser) = await Chromium.LaunchAsync();
        SetDefaultExpectTimeout(20_000);
        Directory.CreateDirectory(AdminConsoleBrowserTests.ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }

    [Fact]
    public async Task MessagesChartAndHotRoomsMoveWithTraffic()
    {
        var admin = fixture.Endpoint("admin");
        var room = Rooms.New("hot");
        await using var client = await TestSocket.ConnectAsync(fixture.ChatNode(1), "hot-" + room[4..14]);
        await client.JoinAsync(room);

        var page = await SignedInPageAsync(ColorScheme.Light);
        await page.GotoAsync(new Uri(admin, "/").ToString());
        await Expect(page.Locator("#chart-messages .js-plotly-plot")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        using var stop = new CancellationTokenSource();
        var traffic = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await client.SendAckedAsync(room, $"load-{i}", $"message {i} <i>as text</i>");
                // Paced well under the per-connection rate limit: steady traffic, not refused frames.
                await Task.Delay(50, CancellationToken.None);
            }
        });
        try
        {
            await Expect(page.Locator("#chart-messages")).Not.ToHaveAttributeAsync("data-latest", "0", new() { Timeout = (float)Moves.TotalMilliseconds });
            var row = page.Locator("tr.hot-room", new() { Has = page.Locator($"a.room-link:text-is('{room}')") });
            await Expect(row).ToBeVisibleAsync(new() { Timeout = (float)Moves.TotalMilliseconds });
            await Expect(row.Locator(".messages-rate")).Not.ToHaveTextAsync("0.0", new() { Timeout = (float)Moves.TotalMilliseconds });
            output.WriteLine($"messages/s chart: {await page.Locator("#chart-messages").GetAttributeAsync("data-latest")}, {room}: {await row.Locator(".messages-rate").TextContentAsync()}/s");
            await page.ScreenshotAsync(new() { Path = Screen("overview-light.png"), FullPage = true });
        }
        finally
        {
            await stop.CancelAsync();
            await traffic.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await page.GotoAsync(new Uri(admin, $"/rooms/{room}").ToString());
        await Expect(page.Locator(".room-main #messages tbody tr").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Screen("room-light.png"), FullPage = true });

        var dark = await SignedInPageAsync(ColorScheme.Dark);
        await dark.GotoAsync(new Uri(admin, "/").ToString());
        await Expect(dark.Locator("#chart-messages .js-plotly-plot")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await dark.ScreenshotAsync(new() { Path = Screen("overview-dark.png"), FullPage = true });
        await dark.GotoAsync(new Uri(admin, $"/rooms/{room}").ToString());
        await Expect(dark.Locator(".room-main #messages tbody tr").First).ToBeVisibleAsync();
        await dark.ScreenshotAsync(new() { Path = Screen("room-dark.png"), FullPage = true });

        var narrow = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, ColorScheme = ColorScheme.Light });
        await narrow.GotoAsync(new Uri(admin, "/account/login").ToString());
        await Expect(narrow.Locator("#sign-in")).ToBeVisibleAsync();
        await narrow.ScreenshotAsync(new() { Path = Screen("login-narrow.png"), FullPage = true });
    }

    private async Task<IPage> SignedInPageAsync(ColorScheme scheme)
    {
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 }, ColorScheme = scheme });
        await page.GotoAsync(new Uri(fixture.Endpoint("admin"), "/account/login").ToString());
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        // The Fluent web components upgrade after the page shows; the screenshot is of the styled form.
        await page.WaitForFunctionAsync("() => customElements.get('fluent-button') !== undefined");
        await page.ScreenshotAsync(new() { Path = Screen($"login-{scheme.ToString().ToLowerInvariant()}.png"), FullPage = true });
        await page.FillAsync("#user", "admin");
        await page.FillAsync("#password", await AdminPasswordAsync());
        await page.ClickAsync("#sign-in");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Overview");
        return page;
    }

    private static string Screen(string name) => Path.Combine(AdminConsoleBrowserTests.ScreenshotDirectory, name);

    private async Task<string> AdminPasswordAsync()
    {
        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>();
        var parameter = model.Resources.OfType<ParameterResource>().Single(resource => resource.Name == "admin-password");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return (await parameter.GetValueAsync(timeout.Token))!;
    }
}
