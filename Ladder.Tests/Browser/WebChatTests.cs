using Ladder.Tests.Client;
using Ladder.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ladder.Tests.Browser;

/// <summary>The demo page and the JavaScript client in headless Chromium, on both nodes of the shared platform.</summary>
[Collection(LadderCollection.Name)]
public sealed class WebChatTests(LadderAppFixture fixture) : IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        (_playwright, _browser) = await Chromium.LaunchAsync();
        SetDefaultExpectTimeout(20_000);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task TwoPagesOnTwoNodesSeePresenceTypingAndEachOthersMessages()
    {
        var room = Rooms.New("web");
        var bobName = TestClients.NewUser("bob");
        var alice = await ChatPage.OpenAsync(_browser, fixture.ChatNode(1), TestClients.NewUser("alice"), room);
        var bob = await ChatPage.OpenAsync(_browser, fixture.ChatNode(2), bobName, room);
        await Expect(alice.Page.Locator("#presence li", new() { HasTextString = bobName })).ToHaveCountAsync(1);
        await bob.Page.FillAsync("#message-input", "typing");
        await Expect(alice.Page.Locator("#typing")).ToHaveTextAsync($"{bobName} is typing…");
        await bob.Page.FillAsync("#message-input", "");

        await alice.SendAsync("hello from node 1");
        await bob.ShowsMessageAsync("hello from node 1");
        await bob.SendAsync("hi from node 2");
        await alice.ShowsMessageAsync("hi from node 2");

        await Expect(alice.MessageTexts).ToHaveTextAsync(["hello from node 1", "hi from node 2"]);
        await Expect(bob.MessageTexts).ToHaveTextAsync(["hello from node 1", "hi from node 2"]);
        await Expect(alice.Transport).ToHaveTextAsync("via WebSocket");
    }

    [Fact]
    public async Task PageWhoseConnectionIsCutShowsTheMissedMessagesAfterReconnecting()
    {
        var room = Rooms.New("web");
        await using var proxy = new TcpProxy(fixture.ChatNode(2));
        var alice = await ChatPage.OpenAsync(_browser, fixture.ChatNode(1), TestClients.NewUser("alice"), room);
        var bob = await ChatPage.OpenAsync(_browser, proxy.Address, TestClients.NewUser("bob"), room);
        await alice.SendAsync("before the cut");
        await bob.ShowsMessageAsync("before the cut");

        proxy.Cut();
        await Expect(bob.State).ToHaveTextAsync("reconnecting");
        for (var i = 1; i <= 3; i++)
        {
            await alice.SendAsync($"missed {i}");
        }

        proxy.Restore();
        await Expect(bob.State).ToHaveTextAsync("connected");
        await Expect(bob.MessageTexts).ToHaveTextAsync(["before the cut", "missed 1", "missed 2", "missed 3"]);
        await bob.SendAsync("back again");
        await alice.ShowsMessageAsync("back again");
    }

    [Fact]
    public async Task MessageSentWhileCutIsDeliveredOnceAfterReconnecting()
    {
        var room = Rooms.New("web");
        await using var proxy = new TcpProxy(fixture.ChatNode(2));
        var alice = await ChatPage.OpenAsync(_browser, fixture.ChatNode(1), TestClients.NewUser("alice"), room);
        var bob = await ChatPage.OpenAsync(_browser, proxy.Address, TestClients.NewUser("bob"), room);

        proxy.Cut();
        await Expect(bob.State).ToHaveTextAsync("reconnecting");
        await bob.Page.FillAsync("#message-input", "written offline");
        await bob.Page.ClickAsync("#send");
        await Expect(bob.Page.Locator("#messages li.pending")).ToHaveCountAsync(1);
        proxy.Restore();

        await Expect(bob.Page.Locator("#messages li.pending")).ToHaveCountAsync(0);
        await alice.ShowsMessageAsync("written offline");
        await bob.ShowsMessageAsync("written offline");
        await alice.SendAsync("got it");
        await Expect(alice.MessageTexts).ToHaveTextAsync(["written offline", "got it"]);
        await Expect(bob.MessageTexts).ToHaveTextAsync(["written offline", "got it"]);
    }

    [Fact]
    public async Task MarkupInAMessageIsShownAsText()
    {
        const string markup = "<img src=x onerror=alert(1)>";
        var room = Rooms.New("web");
        var alice = await ChatPage.OpenAsync(_browser, fixture.ChatNode(1), TestClients.NewUser("alice"), room);
        var bob = await ChatPage.OpenAsync(_browser, fixture.ChatNode(2), TestClients.NewUser("bob"), room);
        var dialogs = 0;
        alice.Page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        bob.Page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };

        await alice.SendAsync(markup);
        await bob.ShowsMessageAsync(markup);

        await Expect(bob.MessageTexts).ToHaveTextAsync([markup]);
        await Expect(alice.MessageTexts).ToHaveTextAsync([markup]);
        await Expect(bob.Page.Locator("#messages img")).ToHaveCountAsync(0);
        await Expect(alice.Page.Locator("#messages img")).ToHaveCountAsync(0);
        Assert.Equal(0, dialogs);
    }

    [Fact]
    public async Task ForcedOffWebSocketsTheClientUsesSseAndStillChats()
    {
        var room = Rooms.New("web");
        var alice = await ChatPage.OpenAsync(_browser, fixture.ChatNode(1), TestClients.NewUser("alice"), room);
        var bob = await ChatPage.OpenAsync(_browser, fixture.ChatNode(2), TestClients.NewUser("bob"), room, transport: "sse");
        await Expect(bob.Transport).ToHaveTextAsync("via SSE");

        await alice.SendAsync("to the SSE page");
        await bob.ShowsMessageAsync("to the SSE page");
        await bob.SendAsync("from the SSE page");
        await alice.ShowsMessageAsync("from the SSE page");

        await Expect(bob.MessageTexts).ToHaveTextAsync(["to the SSE page", "from the SSE page"]);
        Assert.Equal("sse", await bob.Page.EvaluateAsync<string>("() => window.ladderApp.client.transport"));
    }

    [Fact]
    public async Task WhenWebSocketsCannotOpenTheClientFallsBackToSse()
    {
        var room = Rooms.New("web");
        var alice = await ChatPage.OpenAsync(_browser, fixture.ChatNode(1), TestClients.NewUser("alice"), room);
        var context = await _browser.NewContextAsync();
        // A network that breaks WebSockets: every attempt fails before it opens.
        await context.AddInitScriptAsync("window.WebSocket = function () { throw new Error('WebSockets are blocked here'); };");
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.ChatNode(2), $"/?user={TestClients.NewUser("bob")}&room={room}").ToString());
        await page.ClickAsync("#sign-in");
        var bob = new ChatPage(page);
        await Expect(bob.State).ToHaveTextAsync("connected");
        await Expect(bob.Transport).ToHaveTextAsync("via SSE");

        await alice.SendAsync("through SSE");
        await bob.ShowsMessageAsync("through SSE");
    }
}
