using System.Diagnostics;
using System.Globalization;
using Ladder.Tests.Browser;
using Ladder.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Ladder.Tests.Admin;

/// <summary>The admin console in headless Chromium against the shared platform: sign-in, the live overview, and a deletion
/// a connected client sees. Also measures each page's load time and keeps a screenshot of each.</summary>
[Collection(LadderCollection.Name)]
public sealed class AdminConsoleBrowserTests(LadderAppFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    public static readonly string ScreenshotDirectory = Path.Combine(Path.GetTempPath(), "ladder-tests", "admin-screens");

    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    public async Task InitializeAsync()
    {
        (playwright, browser) = await Chromium.LaunchAsync();
        SetDefaultExpectTimeout(20_000);
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }

    [Fact]
    public async Task WrongPasswordIsRefused()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.Endpoint("admin"), "/").ToString());
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));

        await page.FillAsync("#user", "admin");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("#sign-in");

        await Expect(page.Locator("#sign-in-error")).ToHaveTextAsync("Wrong user name or password.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "login-refused.png") });
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        // Still signed out: a console page sends the browser back to the sign-in form.
        await page.GotoAsync(new Uri(fixture.Endpoint("admin"), "/audit").ToString());
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
    }

    [Fact]
    public async Task ModeratorSeesAClientOnTheOverviewAndDeletesItsMessage()
    {
        var admin = fixture.Endpoint("admin");
        var room = Rooms.New("adm");
        var user = "eve-" + room[4..14];
        await using var client = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);
        await client.JoinAsync(room);
        var seq = (ulong)(await client.SendAckedAsync(room, "e2e-1", "please delete me <b>now</b>"))["seq"]!;

        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var timings = new List<string>();

        timings.Add(await MeasureAsync(page, new Uri(admin, "/account/login"), "#sign-in", "login"));
        await page.FillAsync("#user", "admin");
        await page.FillAsync("#password", await AdminPasswordAsync());
        await page.ClickAsync("#sign-in");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Overview");

        // The overview is live: the client's connection shows up once the nodes report (every few seconds).
        timings.Add(await MeasureAsync(page, new Uri(admin, "/"), "#updated-at", "overview"));
        await Expect(page.Locator("#nodes tbody tr")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await Expect(page.Locator("#connection-count")).Not.ToHaveTextAsync("0", new() { Timeout = 30_000 });
        await Expect(page.Locator("#stream-last-seq")).Not.ToBeEmptyAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "overview.png"), FullPage = true });

        timings.Add(await MeasureAsync(page, new Uri(admin, "/rooms"), "#rooms", "rooms"));
        await Expect(page.Locator($"a[data-room='{room}']")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "rooms.png"), FullPage = true });

        timings.Add(await MeasureAsync(page, new Uri(admin, $"/rooms/{room}"), "#messages", "room"));
        var row = page.Locator($"#messages tr.seq-{seq}");
        // The text arrives as text: the markup in it is shown, not applied.
        await Expect(row.Locator(".text")).ToHaveTextAsync("please delete me <b>now</b>", new() { Timeout = 30_000 });
        await Expect(page.Locator("#presence")).ToContainTextAsync(user, new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "room-before-delete.png"), FullPage = true });

        await row.Locator(".delete").ClickAsync();
        var deleted = await client.NextAsync("deleted", TimeSpan.FromSeconds(30));
        Assert.Equal(seq, (ulong)deleted["seq"]!);
        Assert.Equal(room, (string?)deleted["room"]);
        await Expect(row.Locator(".deleted")).ToHaveTextAsync("deleted", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "room-after-delete.png"), FullPage = true });

        timings.Add(await MeasureAsync(page, new Uri(admin, $"/users?name={user}"), "#user-name", "user"));
        await Expect(page.Locator("#sessions")).ToContainTextAsync("chat-1", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "user.png"), FullPage = true });

        timings.Add(await MeasureAsync(page, new Uri(admin, $"/audit?room={room}"), "#audit", "audit"));
        await Expect(page.Locator("#audit tr.action-delete")).ToContainTextAsync(user);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "audit.png"), FullPage = true });

        // Signing out (an antiforgery-checked form post) ends the session.
        await page.ClickAsync("form.logout button");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await page.GotoAsync(new Uri(admin, "/").ToString());
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));

        await File.WriteAllLinesAsync(Path.Combine(ScreenshotDirectory, "timings.txt"), timings);
        foreach (var line in timings)
        {
            output.WriteLine(line);
        }
    }

    /// <summary>Each page's load, warm: one visit to warm it, then the median of 10 (load event, and the page's data on
    /// screen), written to the test's output and to <c>page-medians.txt</c> beside the screenshots. Measured, never
    /// asserted; docs/benchmarks.md quotes it.</summary>
    [Fact]
    public async Task PageLoadMedians()
    {
        var admin = fixture.Endpoint("admin");
        var room = Rooms.New("med");
        var user = "med-" + room[4..14];
        await using var client = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);
        await client.JoinAsync(room);
        for (var i = 0; i < 25; i++)
        {
            await client.SendAckedAsync(room, $"m-{i}", $"message {i}");
        }

        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var lines = new List<string> { await MedianAsync(page, new Uri(admin, "/account/login"), "#sign-in", "sign-in") };
        await page.FillAsync("#user", "admin");
        await page.FillAsync("#password", await AdminPasswordAsync());
        await page.ClickAsync("#sign-in");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Overview");
        // The room's messages must be archived before the room page can show them.
        await page.GotoAsync(new Uri(admin, $"/rooms/{room}").ToString());
        await Expect(page.Locator("#messages tbody tr").First).ToBeVisibleAsync(new() { Timeout = 30_000 });

        lines.Add(await MedianAsync(page, new Uri(admin, "/"), "#updated-at", "overview"));
        lines.Add(await MedianAsync(page, new Uri(admin, "/rooms"), "#rooms", "rooms"));
        lines.Add(await MedianAsync(page, new Uri(admin, $"/rooms/{room}"), "#messages tbody tr", "room"));
        lines.Add(await MedianAsync(page, new Uri(admin, $"/users?name={user}"), "#sessions, #no-sessions", "user"));
        lines.Add(await MedianAsync(page, new Uri(admin, "/audit"), "#audit, #no-audit", "audit"));
        lines.Add(await MedianAsync(page, new Uri(admin, $"/audit?room={room}"), "#audit, #no-audit", "audit (room filter)"));

        await File.WriteAllLinesAsync(Path.Combine(ScreenshotDirectory, "page-medians.txt"), lines);
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }
    }

    private static async Task<string> MedianAsync(IPage page, Uri url, string ready, string name)
    {
        await MeasureAsync(page, url, ready, name);
        var loads = new List<double>();
        var readies = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var (load, content) = await TimeAsync(page, url, ready);
            loads.Add(load);
            readies.Add(content);
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{name}: load event median {Median(loads):0} ms (min {loads.Min():0}, max {loads.Max():0}), data on screen median {Median(readies):0} ms (min {readies.Min():0}, max {readies.Max():0})");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<(double Load, double Ready)> TimeAsync(IPage page, Uri url, string ready)
    {
        var stopwatch = Stopwatch.StartNew();
        await page.GotoAsync(url.ToString(), new() { WaitUntil = WaitUntilState.Load });
        await Expect(page.Locator(ready).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        stopwatch.Stop();
        var load = await page.EvaluateAsync<double>(
            "() => { const n = performance.getEntriesByType('navigation')[0]; return n ? n.loadEventEnd - n.startTime : -1; }");
        return (load, stopwatch.Elapsed.TotalMilliseconds);
    }

    /// <summary>Opens <paramref name="url"/> and measures two things: the browser's navigation timing (request to load
    /// event) and the time until <paramref name="ready"/> is visible (for interactive pages: the circuit is up and the
    /// page's data was read). Reported, never asserted.</summary>
    private static async Task<string> MeasureAsync(IPage page, Uri url, string ready, string name)
    {
        var stopwatch = Stopwatch.StartNew();
        await page.GotoAsync(url.ToString(), new() { WaitUntil = WaitUntilState.Load });
        await Expect(page.Locator(ready).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        stopwatch.Stop();
        var load = await page.EvaluateAsync<double>(
            "() => { const n = performance.getEntriesByType('navigation')[0]; return n ? n.loadEventEnd - n.startTime : -1; }");
        return string.Create(CultureInfo.InvariantCulture, $"{name}: load event {load:0} ms, content ready {stopwatch.Elapsed.TotalMilliseconds:0} ms");
    }

    private async Task<string> AdminPasswordAsync()
    {
        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>();
        var parameter = model.Resources.OfType<ParameterResource>().Single(resource => resource.Name == "admin-password");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return (await parameter.GetValueAsync(timeout.Token))!;
    }
}
