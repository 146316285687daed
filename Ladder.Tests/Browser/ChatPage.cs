using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ladder.Tests.Browser;

/// <summary>The demo web chat as a user sees it.</summary>
public sealed class ChatPage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator State => Page.Locator("#state");

    public ILocator Transport => Page.Locator("#transport");

    public ILocator MessageTexts => Page.Locator("#messages li[data-seq] .text");

    public static async Task<ChatPage> OpenAsync(IBrowser browser, Uri node, string user, string room, string? transport = null)
    {
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var query = $"?user={Uri.EscapeDataString(user)}&room={Uri.EscapeDataString(room)}"
            + (transport is null ? "" : $"&transport={transport}");
        await page.GotoAsync(new Uri(node, "/" + query).ToString());
        var chat = new ChatPage(page);
        await page.ClickAsync("#sign-in");
        await Expect(chat.State).ToHaveTextAsync("connected");
        await Expect(page.Locator("#room-title")).ToHaveTextAsync("#" + room);
        return chat;
    }

    public async Task SendAsync(string text)
    {
        await Page.FillAsync("#message-input", text);
        await Page.ClickAsync("#send");
        // Sent means acknowledged: the pending (greyed) copy is gone.
        await Expect(Page.Locator("#messages li.pending")).ToHaveCountAsync(0);
    }

    public Task ShowsMessageAsync(string text) =>
        Expect(MessageTexts.Filter(new LocatorFilterOptions { HasTextString = text })).ToHaveCountAsync(1);

    public async Task CloseAsync() => await Page.Context.CloseAsync();
}
