using System.Net;
using System.Net.Sockets;
using Ladder.Tests.Client;
using Ladder.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Ladder.Tests.Browser;

/// <summary>A page on another origin (allowed by <c>Chat:AllowedOrigins</c>) imports the client from a node and chats
/// over WebSocket and over SSE (issue 18 row 10); the same page on an origin not in the list cannot load it.</summary>
[Collection(LadderCollection.Name)]
public sealed class CrossOriginClientTests(LadderAppFixture fixture) : IAsyncLifetime
{
    // Runs in the page: imports the node's script cross-origin, then a WebSocket client and an SSE client chat in one
    // room (the SSE client's dev token, posts and history are cross-origin fetches with preflights).
    private const string Chat = """
        async ({ node, room, alice, bob }) => {
          const { LadderClient, devToken } = await import(node + '/ladder-client.js');
          const make = (user, transport) => new LadderClient({ nodes: [node], transport, token: async () => (await devToken(user, node)).token });
          const ws = make(alice, 'websocket');
          const sse = make(bob, 'sse');
          const received = (client, text) => new Promise(resolve => client.on('message', m => { if (m.room === room && m.text === text) resolve(m.seq); }));
          await ws.connect();
          await sse.connect();
          await ws.join(room, null, { timeout: 20000 });
          await sse.join(room, null, { timeout: 20000 });
          const sseGets = received(sse, 'over WebSocket');
          const wsSeq = await ws.send(room, 'over WebSocket', { timeout: 20000 });
          const wsGets = received(ws, 'over SSE');
          const sseSeq = await sse.send(room, 'over SSE', { timeout: 20000 });
          const seen = [await sseGets, await wsGets];
          const page = await sse.history(room, { limit: 10, timeout: 20000 });
          const transports = [ws.transport, sse.transport];
          ws.close();
          sse.close();
          return { sent: [wsSeq, sseSeq], seen, transports, historyRoom: page.room };
        }
        """;

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync() => (_playwright, _browser) = await Chromium.LaunchAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task PageOnAnAllowedOriginChatsOverWebSocketAndSse()
    {
        await using var server = new BlankPageServer(fixture.CrossOrigin);
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(server.Origin + "/");
        var room = Rooms.New("cors");

        var result = await page.EvaluateAsync<ChatResult>(Chat, new
        {
            node = fixture.ChatNode(1).ToString().TrimEnd('/'),
            room,
            alice = TestClients.NewUser("alice"),
            bob = TestClients.NewUser("bob"),
        });

        Assert.Equal(["websocket", "sse"], result.Transports);
        Assert.Equal(result.Sent, result.Seen);
        Assert.Equal(room, result.HistoryRoom);
    }

    [Fact]
    public async Task PageOnAnOriginNotAllowedCannotLoadTheClient()
    {
        await using var server = new BlankPageServer($"http://127.0.0.1:{FreePort()}");
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(server.Origin + "/");

        var error = await page.EvaluateAsync<string>(
            "async node => { try { await import(node + '/ladder-client.js'); return 'loaded'; } catch (e) { return String(e); } }",
            fixture.ChatNode(1).ToString().TrimEnd('/'));

        Assert.NotEqual("loaded", error);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private sealed class ChatResult
    {
        public long[] Sent { get; set; } = [];

        public long[] Seen { get; set; } = [];

        public string[] Transports { get; set; } = [];

        public string HistoryRoom { get; set; } = "";
    }
}
