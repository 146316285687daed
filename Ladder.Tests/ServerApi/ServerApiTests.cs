using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Ladder.Contracts.Archive;
using Ladder.Contracts.Wire;
using Ladder.Tests.Access;
using Ladder.Tests.Admin;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ServerApi;

/// <summary>The server API on the real platform: keys and scopes, bot posts reaching members, revocation on every
/// node, audit rows, server-only rooms, disconnects.</summary>
[Collection(LadderCollection.Name)]
public sealed class ServerApiTests(LadderAppFixture fixture) : IAsyncLifetime
{
    private PlatformStores stores = null!;

    public async Task InitializeAsync() => stores = await PlatformStores.OpenAsync(fixture);

    public async Task DisposeAsync() => await stores.DisposeAsync();

    [Fact]
    public async Task AKeyWithoutTheScopeIsRefusedAndNoKeyIsUnauthorized()
    {
        var room = Rooms.New("api");
        var (name, _, key) = await ServerApiKeys.CreateAsync(stores, ApiKeyScopes.Presence);
        using var http = ServerApiKeys.Client(fixture.ChatNode(1), key);

        using var refused = await http.PostAsJsonAsync($"/api/v1/rooms/{room}/messages", new ServerPostRequest("bot:news", "hi", "n-1"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var error = await refused.Content.ReadFromJsonAsync<HttpError>();
        Assert.Equal(("forbidden", "scope_required"), (error!.Code, error.Reason));
        Assert.Equal(1, await ServerApiKeys.AuditCountAsync(stores, name, ServerApiActions.Post));

        using var anonymous = new HttpClient { BaseAddress = fixture.ChatNode(1) };
        using var unauthorized = await anonymous.GetAsync($"/api/v1/rooms/{room}/presence");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal("unauthorized", (await unauthorized.Content.ReadFromJsonAsync<HttpError>())!.Code);

        // A user's JWT is no API key.
        using var asUser = new HttpClient { BaseAddress = fixture.ChatNode(1) };
        asUser.DefaultRequestHeaders.Authorization = new("Bearer", await TestSocket.TokenAsync(fixture.ChatNode(1), "mallory"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await asUser.GetAsync($"/api/v1/rooms/{room}/presence")).StatusCode);
    }

    [Fact]
    public async Task ABotPostReachesAMemberWithTheBotAsSenderAndEachCallIsAudited()
    {
        var room = Rooms.New("api");
        var (name, _, key) = await ServerApiKeys.CreateAsync(stores, ApiKeyScopes.Post, ApiKeyScopes.Presence, ApiKeyScopes.History);
        await using var member = await TestSocket.ConnectAsync(fixture.ChatNode(2), Grants.User("member"));
        await member.JoinAsync(room);
        using var http = ServerApiKeys.Client(fixture.ChatNode(1), key);

        using var posted = await http.PostAsJsonAsync($"/api/v1/rooms/{room}/messages", new ServerPostRequest("bot:news", "extra, extra", "n-1"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var ack = await posted.Content.ReadFromJsonAsync<PostMessageResponse>();

        var message = await member.NextAsync("message");
        Assert.Equal(ack!.Seq, (ulong)message["seq"]!);
        Assert.Equal("bot:news", (string?)message["sender"]);
        Assert.Equal("bot", (string?)message["senderKind"]);

        using var system = await http.PostAsJsonAsync($"/api/v1/rooms/{room}/messages", new ServerPostRequest(null, "maintenance at noon", "s-1"));
        Assert.Equal(HttpStatusCode.OK, system.StatusCode);
        var fromSystem = await member.NextAsync("message");
        Assert.Equal(("system", "system"), ((string?)fromSystem["sender"], (string?)fromSystem["senderKind"]));

        var presence = await http.GetFromJsonAsync<RoomPresence>($"/api/v1/rooms/{room}/presence");
        Assert.Contains(member.User, presence!.Online);

        var page = await PlatformStores.EventuallyAsync(
            async () => await http.GetFromJsonAsync<HistoryResponse>($"/api/v1/rooms/{room}/history") is { Messages.Count: 2 } full ? full : null,
            "both posts archived");
        Assert.Equal("bot:news", page.Messages[1].Sender);

        Assert.Equal(2, await ServerApiKeys.AuditCountAsync(stores, name, ServerApiActions.Post));
        Assert.True(await ServerApiKeys.AuditCountAsync(stores, name, ServerApiActions.Presence) >= 1);
        Assert.True(await ServerApiKeys.AuditCountAsync(stores, name, ServerApiActions.History) >= 1);
        Assert.Equal($"{name}|{ServerApiActions.Post}|{room}|||", await stores.AuditAsync(ServerApiActions.Post, room, null));
    }

    [Fact]
    public async Task ARevokedKeyStopsWorkingOnEveryNodeWithinFiveSeconds()
    {
        var room = Rooms.New("api");
        var (_, id, key) = await ServerApiKeys.CreateAsync(stores, ApiKeyScopes.Presence);
        using var first = ServerApiKeys.Client(fixture.ChatNode(1), key);
        using var second = ServerApiKeys.Client(fixture.ChatNode(2), key);
        // Both nodes hold the key in their cache.
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync($"/api/v1/rooms/{room}/presence")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync($"/api/v1/rooms/{room}/presence")).StatusCode);

        await ServerApiKeys.RevokeAsync(stores, id);

        // Liveness on both nodes: each refuses the key within the 5 s the API promises (its cache lives 2 s).
        foreach (var node in new[] { first, second })
        {
            await PlatformStores.EventuallyAsync(
                async () => (await node.GetAsync($"/api/v1/rooms/{room}/presence")).StatusCode == HttpStatusCode.Unauthorized ? "refused" : null,
                $"{node.BaseAddress} refuses the revoked key",
                TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task ABoardRoomRefusesAUsersSendButTakesTheApis()
    {
        var board = "board:" + Rooms.New("news");
        var (_, _, key) = await ServerApiKeys.CreateAsync(stores, ApiKeyScopes.Post);
        await using var reader = await TestSocket.ConnectAsync(fixture.ChatNode(1), Grants.User("reader"));
        await reader.JoinAsync(board);

        Grants.AssertForbidden(await reader.SendMessageAsync(board, "u-1", "may I?"), ForbiddenReasons.ServerOnly);

        using var http = ServerApiKeys.Client(fixture.ChatNode(2), key);
        using var posted = await http.PostAsJsonAsync($"/api/v1/rooms/{Uri.EscapeDataString(board)}/messages", new ServerPostRequest("bot:board", "posted by the backend", "b-1"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var message = await reader.NextAsync("message");
        Assert.Equal(("bot:board", "posted by the backend"), ((string?)message["sender"], (string?)message["text"]));
    }

    [Fact]
    public async Task DisconnectClosesTheUsersSocketsOnEveryNode()
    {
        var user = Grants.User("gone");
        var (name, _, key) = await ServerApiKeys.CreateAsync(stores, ApiKeyScopes.Disconnect);
        await using var onFirst = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);
        await using var onSecond = await TestSocket.ConnectAsync(fixture.ChatNode(2), user);
        await using var bystander = await TestSocket.ConnectAsync(fixture.ChatNode(2), Grants.User("stays"));
        using var http = ServerApiKeys.Client(fixture.ChatNode(1), key);

        using var answer = await http.PostAsync($"/api/v1/users/{user}/disconnect", null);
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);

        Assert.Equal((WebSocketCloseStatus)CloseCodes.Kicked, await onFirst.WaitClosedAsync());
        Assert.Equal((WebSocketCloseStatus)CloseCodes.Kicked, await onSecond.WaitClosedAsync());
        Assert.Equal($"{name}|{ServerApiActions.Disconnect}||{user}||", await stores.AuditAsync(ServerApiActions.Disconnect, null, user));
        await bystander.SendAsync(new { type = "ping" });
        await bystander.NextAsync("pong");
    }

    [Fact]
    public async Task AKickGoesThroughTheConsolesModerationCommand()
    {
        var user = Grants.User("kicked");
        var (name, _, key) = await ServerApiKeys.CreateAsync(stores, ApiKeyScopes.Moderate);
        await using var socket = await TestSocket.ConnectAsync(fixture.ChatNode(2), user);
        using var http = ServerApiKeys.Client(fixture.ChatNode(1), key);

        using var answer = await http.PostAsJsonAsync($"/api/v1/users/{user}/kick", new ServerModerationRequest(Reason: "spam"));
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);

        Assert.Equal((WebSocketCloseStatus)CloseCodes.Kicked, await socket.WaitClosedAsync());
        // The archiver's own row of the kick, with the key as the moderator, beside the API's row of the call.
        await PlatformStores.EventuallyAsync(() => stores.AuditAsync(ModerationActions.Kick, null, user), "the archiver's kick row");
        Assert.Equal($"{name}|{ModerationActions.Kick}||{user}||spam", await stores.AuditAsync(ModerationActions.Kick, null, user));
        Assert.Equal($"{name}|{ServerApiActions.Kick}||{user}||", await stores.AuditAsync(ServerApiActions.Kick, null, user));
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheApi()
    {
        using var http = new HttpClient { BaseAddress = fixture.ChatNode(1) };
        var document = await http.GetFromJsonAsync<JsonObject>("/api/v1/openapi.json");
        var paths = document!["paths"]!.AsObject();
        Assert.Contains("/api/v1/rooms/{room}/messages", paths.Select(path => path.Key));
        Assert.Contains("/api/v1/users/{user}/disconnect", paths.Select(path => path.Key));
        Assert.DoesNotContain("/rooms/{room}/messages", paths.Select(path => path.Key));
    }
}
