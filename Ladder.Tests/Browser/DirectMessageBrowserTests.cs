using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Ladder.Contracts.Archive;
using Ladder.Contracts.Wire;
using Ladder.Tests.Admin;
using Ladder.Tests.Client;
using Ladder.Tests.Infrastructure;
using Ladder.Tests.ServerApi;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ladder.Tests.Browser;

/// <summary>The demo page as a chat (protocol v1.1): direct messages between two signed-in names, refusals shown in
/// the room, a message pane that scrolls and follows, and the server API's bot and system messages set apart.</summary>
[Collection(LadderCollection.Name)]
public sealed class DirectMessageBrowserTests(LadderAppFixture fixture) : IAsyncLifetime
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
    public async Task TwoPagesExchangeDirectMessagesAndAThirdNameIsShownTheRefusal()
    {
        var lobby = Rooms.New("web");
        var aliceName = TestClients.NewUser("alice");
        var bobName = TestClients.NewUser("bob");
        var conversation = "dm:" + string.Join(',', new[] { aliceName, bobName }.Order(StringComparer.Ordinal));
        var alice = await ChatPage.OpenAsync(_browser, fixture.ChatNode(1), aliceName, lobby);
        var bob = await ChatPage.OpenAsync(_browser, fixture.ChatNode(2), bobName, lobby);

        await alice.OpenDirectMessageAsync(bobName);
        await alice.ShowsRoomAsync(conversation);
        await bob.OpenDirectMessageAsync(aliceName);
        await bob.ShowsRoomAsync(conversation);
        await alice.SendAsync("just between us");
        await bob.ShowsMessageAsync("just between us");
        await bob.SendAsync("agreed");
        await alice.ShowsMessageAsync("agreed");
        await Expect(alice.MessageTexts).ToHaveTextAsync(["just between us", "agreed"]);
        await Expect(bob.MessageTexts).ToHaveTextAsync(["just between us", "agreed"]);
        await Expect(alice.RoomNotice).ToBeHiddenAsync();

        var carol = await ChatPage.OpenAsync(_browser, fixture.ChatNode(1), TestClients.NewUser("carol"), lobby);
        await carol.JoinAsync(conversation);
        await Expect(carol.RoomNotice).ToBeVisibleAsync();
        await Expect(carol.RoomNotice).ToContainTextAsync("not_a_participant");
        await Expect(carol.Page.Locator("#messages li")).ToHaveCountAsync(0);
        await Expect(carol.Page.Locator("#send")).ToBeDisabledAsync();
        await Expect(carol.Page.Locator($"#rooms button.refused[data-room='{conversation}']")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task APrivateRoomWithoutAGrantSaysSoInsteadOfShowingAnEmptyRoom()
    {
        var alice = await ChatPage.OpenAsync(_browser, fixture.ChatNode(1), TestClients.NewUser("alice"), Rooms.New("web"));
        var team = "team:" + Rooms.New("acme");

        await alice.JoinAsync(team);

        await Expect(alice.RoomNotice).ToContainTextAsync("grant_required");
        await Expect(alice.Page.Locator("#message-input")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task TheMessagePaneScrollsFollowsTheNewestAndOffersAWayDownToAReaderWhoScrolledUp()
    {
        var room = Rooms.New("web");
        var alice = await ChatPage.OpenAsync(_browser, fixture.ChatNode(1), TestClients.NewUser("alice"), room);
        var bob = await ChatPage.OpenAsync(_browser, fixture.ChatNode(2), TestClients.NewUser("bob"), room);
        const int count = 40;
        await bob.Page.EvaluateAsync(
            "async ([room, count]) => { for (let i = 1; i <= count; i++) await window.ladderApp.client.send(room, `line ${i}`); }",
            new object[] { room, count });

        await Expect(alice.MessageTexts).ToHaveCountAsync(count);
        Assert.True(await alice.Page.EvaluateAsync<bool>("() => { const l = document.getElementById('messages'); return l.scrollHeight > l.clientHeight; }"));
        await Expect(alice.MessageTexts.Last).ToHaveTextAsync($"line {count}");
        await Expect(alice.MessageTexts.Last).ToBeInViewportAsync();
        await Expect(alice.Page.Locator("#message-input")).ToBeInViewportAsync();
        await Expect(alice.MessageTexts.First).Not.ToBeInViewportAsync();

        // Scrolled up to read: the list stays put and a hint appears instead.
        await alice.Page.EvaluateAsync("() => { document.getElementById('messages').scrollTop = 0; }");
        await bob.SendAsync("while you read");
        await alice.ShowsMessageAsync("while you read");
        await Expect(alice.Page.Locator("#new-messages")).ToBeVisibleAsync();
        await Expect(alice.MessageTexts.First).ToBeInViewportAsync();

        await alice.Page.ClickAsync("#new-messages");
        await Expect(alice.MessageTexts.Last).ToBeInViewportAsync();
        await Expect(alice.Page.Locator("#new-messages")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task BotAndSystemMessagesLookDifferentFromPeoples()
    {
        await using var stores = await PlatformStores.OpenAsync(fixture);
        var (_, _, key) = await ServerApiKeys.CreateAsync(stores, ApiKeyScopes.Post);
        using var api = ServerApiKeys.Client(fixture.ChatNode(2), key);
        var room = Rooms.New("web");
        var alice = await ChatPage.OpenAsync(_browser, fixture.ChatNode(1), TestClients.NewUser("alice"), room);
        await alice.SendAsync("from a person");

        using var bot = await api.PostAsJsonAsync($"/api/v1/rooms/{room}/messages", new ServerPostRequest("bot:news", "from a bot", "n-1"));
        bot.EnsureSuccessStatusCode();
        using var system = await api.PostAsJsonAsync($"/api/v1/rooms/{room}/messages", new ServerPostRequest(null, "from the system", "s-1"));
        system.EnsureSuccessStatusCode();

        await Expect(alice.MessageTexts).ToHaveTextAsync(["from a person", "from a bot", "from the system"]);
        var items = alice.Page.Locator("#messages li[data-seq]");
        await Expect(items.Nth(0)).Not.ToHaveClassAsync(new Regex(@"\b(bot|system)\b"));
        await Expect(items.Nth(1)).ToHaveClassAsync(new Regex(@"\bbot\b"));
        await Expect(items.Nth(1).Locator(".sender")).ToHaveTextAsync("news");
        await Expect(items.Nth(2)).ToHaveClassAsync(new Regex(@"\bsystem\b"));
        var personColour = await items.Nth(0).EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        var botColour = await items.Nth(1).EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        Assert.NotEqual(personColour, botColour);
    }
}
