using Ladder.Tests.Browser;
using Ladder.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ladder.Tests.Admin;

/// <summary>The console's look, checked without screenshots: the dark sign-in page is dark from top to bottom, and the
/// node grid's column headers are not cut.</summary>
[Collection(LadderCollection.Name)]
public sealed class ConsoleLookBrowserTests(LadderAppFixture fixture) : IAsyncLifetime
{
    // The colour of the element painted at a point, walking up to the first one with a background (the canvas: the
    // root's, else the body's, as CSS propagates it).
    private const string PaintedAt = """
        ([x, y]) => {
            for (let e = document.elementFromPoint(x, y); e; e = e.parentElement) {
                const c = getComputedStyle(e).backgroundColor;
                if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c;
            }
            const root = getComputedStyle(document.documentElement).backgroundColor;
            return root !== 'rgba(0, 0, 0, 0)' ? root : getComputedStyle(document.body).backgroundColor;
        }
        """;

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
    public async Task TheDarkSignInPageIsDarkFromTopToBottom()
    {
        var context = await browser.NewContextAsync(new() { ColorScheme = ColorScheme.Dark, ViewportSize = new() { Width = 1200, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.Endpoint("admin"), "/account/login").ToString());
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();

        // Every band of the window, edge and middle, top to bottom (the card itself is left out: x = 10 and 1190), and
        // below the header one colour: a lighter layer behind the card and a darker one below it read as a band.
        var below = new HashSet<string>(StringComparer.Ordinal);
        foreach (var y in new[] { 2, 40, 120, 450, 800, 895 })
        {
            foreach (var x in new[] { 10, 1190 })
            {
                await PaintedDarkAsync(page, x, y);
                if (y >= 120)
                {
                    below.Add(await page.EvaluateAsync<string>(PaintedAt, new[] { x, y }));
                }
            }
        }

        Assert.Single(below);

        await context.CloseAsync();
    }

    [Fact]
    public async Task TheNodeGridsHeadersAreNotCut()
    {
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.GotoAsync(new Uri(fixture.Endpoint("admin"), "/account/login").ToString());
        await page.FillAsync("#user", "admin");
        await page.FillAsync("#password", await AdminPasswordAsync());
        await page.ClickAsync("#sign-in");
        await Expect(page.Locator("#nodes tbody tr").First).ToBeVisibleAsync(new() { Timeout = 30_000 });

        var cut = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('#nodes th, #hot-rooms th')].flatMap(th => {
                const text = th.querySelector('.col-title-text') ?? th.querySelector('.col-title') ?? th;
                return [th, text].filter(e => e.scrollWidth > e.clientWidth).map(e => `${th.innerText.trim()}: ${e.scrollWidth} > ${e.clientWidth}`);
            })
            """);
        Assert.Empty(cut);
    }

    /// <summary>Polls (the theme is applied by script after the page loads) until the point is painted dark.</summary>
    private static async Task PaintedDarkAsync(IPage page, int x, int y)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        string color;
        while (!IsDark(color = await page.EvaluateAsync<string>(PaintedAt, new[] { x, y })))
        {
            Assert.True(DateTime.UtcNow < deadline, $"({x}, {y}) is painted {color} in the dark theme");
            await Task.Delay(100); // poll interval, under the deadline above
        }
    }

    private static bool IsDark(string color)
    {
        var parts = color[(color.IndexOf('(', StringComparison.Ordinal) + 1)..color.IndexOf(')', StringComparison.Ordinal)].Split(',');
        var (r, g, b) = (Parse(parts[0]), Parse(parts[1]), Parse(parts[2]));
        return (0.2126 * r) + (0.7152 * g) + (0.0722 * b) < 100;
    }

    private static double Parse(string part) => double.Parse(part, System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> AdminPasswordAsync()
    {
        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>();
        var parameter = model.Resources.OfType<ParameterResource>().Single(resource => resource.Name == "admin-password");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return (await parameter.GetValueAsync(timeout.Token))!;
    }
}
