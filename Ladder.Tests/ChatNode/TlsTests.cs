using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

/// <summary>
/// A node behind TLS (<c>Ladder:Tls</c>): the direct WebSocket upgrade reads a connection's first bytes, and a TLS
/// ClientHello must go on to Kestrel's TLS layer untouched, so that <c>wss://</c> and <c>https://</c> work like their
/// plain versions.
/// </summary>
[Collection(LadderCollection.Name)]
public sealed class TlsTests(LadderAppFixture fixture)
{
    [Fact]
    public async Task ChatWorksOverWssAndHistoryOverHttps()
    {
        var room = Rooms.New("tls");
        var node = fixture.ChatNodeTls(1);
        Assert.Equal("https", node.Scheme);
        await using var alice = await ConnectAsync(node, "alice-tls");
        await using var bob = await ConnectAsync(fixture.ChatNodeTls(2), "bob-tls");
        await alice.SendAsync($$"""{"type":"join","room":"{{room}}"}""");
        await bob.SendAsync($$"""{"type":"join","room":"{{room}}"}""");
        await alice.NextAsync("joined");
        await bob.NextAsync("joined");

        await alice.SendAsync($$"""{"type":"send","room":"{{room}}","clientMsgId":"t1","text":"over tls"}""");
        var ack = await alice.NextAsync("ack");
        var message = await bob.NextAsync("message");

        Assert.Equal("over tls", (string?)message["text"]);
        Assert.Equal((ulong)ack["seq"]!, (ulong)message["seq"]!);

        using var https = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => TestCertificate.IsPinned(fixture.TlsCertificate, presented),
        }) { BaseAddress = node, Timeout = TimeSpan.FromSeconds(20) };
        https.DefaultRequestHeaders.Authorization = new("Bearer", await TestSocket.TokenAsync(fixture.ChatNode(1), "carol-tls"));
        // History reads the archive, which the message reaches a moment after its ack.
        var archived = await Admin.PlatformStores.EventuallyAsync(async () =>
        {
            var page = await https.GetStringAsync($"/rooms/{room}/messages");
            return page.Contains("over tls", StringComparison.Ordinal) ? page : null;
        }, "the message in the history over https");
        Assert.Contains(((ulong)ack["seq"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), archived, StringComparison.Ordinal);
    }

    private async Task<WssClient> ConnectAsync(Uri node, string user)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + await TestSocket.TokenAsync(fixture.ChatNode(1), user));
        socket.Options.RemoteCertificateValidationCallback = (_, presented, _, _) => TestCertificate.IsPinned(fixture.TlsCertificate, presented);
        using var timeout = new CancellationTokenSource(TestSocket.DefaultTimeout);
        await socket.ConnectAsync(new Uri(node, "/ws").ToWebSocket(), timeout.Token);
        var client = new WssClient(socket);
        await client.NextAsync("welcome");
        return client;
    }

    /// <summary>Just enough of a client for one exchange: frames in order, skipping those of other types.</summary>
    private sealed class WssClient(ClientWebSocket socket) : IAsyncDisposable
    {
        public async Task SendAsync(string json)
        {
            using var timeout = new CancellationTokenSource(TestSocket.DefaultTimeout);
            await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, timeout.Token);
        }

        public async Task<JsonNode> NextAsync(string type)
        {
            using var timeout = new CancellationTokenSource(TestSocket.DefaultTimeout);
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
                var frame = JsonNode.Parse(buffer.AsSpan(0, length))!;
                if ((string?)frame["type"] == type)
                {
                    return frame;
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            socket.Abort();
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
