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

    /// <summary>Why the open room was refused (hidden while there is nothing to say).</summary>
    public ILocator RoomNotice => Page.Locator("#room-notice");

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
        await chat.ShowsRoomAsync(room);
        return chat;
    }

    /// <summary>The page shows <paramref name="room"/> (its title reads <c>#room</c>, or <c>@name</c> for a direct
    /// message; the full name is in <c>data-room</c>).</summary>
    public Task ShowsRoomAsync(string room) => Expect(Page.Locator("#room-title")).ToHaveAttributeAsync("data-room", room);

    /// <summary>Opens any room by name through the join form.</summary>
    public async Task JoinAsync(string room)
    {
        await Page.FillAsync("#room-input", room);
        await Page.ClickAsync("#join");
        await ShowsRoomAsync(room);
    }

    /// <summary>Opens the direct message with <paramref name="other"/> through its form.</summary>
    public async Task OpenDirectMessageAsync(string other)
    {
        await Page.FillAsync("#dm-input", other);
        await Page.ClickAsync("#open-dm");
        await Expect(Page.Locator("#room-title")).ToHaveTextAsync("@" + other);
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
