using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ladder.Contracts.Wire;

namespace Ladder.Tests.Infrastructure;

/// <summary>
/// A raw protocol v1 client for tests that must see the wire exactly: every frame it receives is kept, in order,
/// as JSON, and waits have timeouts.
/// </summary>
public sealed class TestSocket : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private readonly ClientWebSocket socket;
    private readonly List<JsonObject> received = [];
    private readonly SemaphoreSlim arrived = new(0);
    private readonly Task receiving;
    private int cursor;
    private readonly HashSet<JsonObject> answered = new(ReferenceEqualityComparer.Instance);

    private TestSocket(ClientWebSocket socket, string user)
    {
        this.socket = socket;
        User = user;
        receiving = Task.Run(ReceiveLoopAsync);
    }

    public string User { get; }

    /// <summary>The close status the server sent, once the socket closed.</summary>
    public WebSocketCloseStatus? CloseStatus => socket.CloseStatus;

    public Task Closed => receiving;

    public static async Task<string> TokenAsync(Uri node, string user)
    {
        using var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.PostAsJsonAsync("/dev/token", new DevTokenRequest(user), WireJsonContext.Default.DevTokenRequest);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(WireJsonContext.Default.DevTokenResponse))!.Token;
    }

    /// <summary>Connects as <paramref name="user"/> and waits for <c>welcome</c>.</summary>
    public static async Task<TestSocket> ConnectAsync(Uri node, string user, string? token = null)
    {
        token ??= await TokenAsync(node, user);
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await socket.ConnectAsync(new Uri(node, "/ws").ToWebSocket(), timeout.Token);
        var client = new TestSocket(socket, user);
        await client.NextAsync("welcome");
        return client;
    }

    public Task SendAsync(object frame) => SendRawAsync(JsonSerializer.Serialize(frame, JsonOptions));

    public async Task SendRawAsync(string text)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    public async Task SendBytesAsync(byte[] bytes, WebSocketMessageType type)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await socket.SendAsync(bytes, type, true, timeout.Token);
    }

    /// <summary>The next frame not yet consumed, of the given type if one is named (frames of other types before it
    /// are skipped and stay readable through <see cref="All"/>).</summary>
    public async Task<JsonObject> NextAsync(string? type = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            lock (received)
            {
                while (cursor < received.Count)
                {
                    var frame = received[cursor++];
                    if (type is null || (string?)frame["type"] == type)
                    {
                        return frame;
                    }
                }
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || receiving.IsCompleted && !await arrived.WaitAsync(0))
            {
                throw new TimeoutException($"{User}: no '{type ?? "any"}' frame; received: {string.Join(" | ", All().TakeLast(5).Select(f => f.ToJsonString()))}; close {CloseStatus}");
            }

            await arrived.WaitAsync(left);
        }
    }

    /// <summary>Consumes frames until <paramref name="count"/> of <paramref name="type"/> have come.</summary>
    public async Task<List<JsonObject>> TakeAsync(string type, int count, TimeSpan? timeout = null)
    {
        var frames = new List<JsonObject>(count);
        while (frames.Count < count)
        {
            frames.Add(await NextAsync(type, timeout));
        }

        return frames;
    }

    public IReadOnlyList<JsonObject> All()
    {
        lock (received)
        {
            return [.. received];
        }
    }

    /// <summary>Waits until the server closes the socket; returns its close status.</summary>
    public async Task<WebSocketCloseStatus?> WaitClosedAsync(TimeSpan? timeout = null)
    {
        await receiving.WaitAsync(timeout ?? DefaultTimeout);
        return socket.CloseStatus;
    }

    public async Task<JsonObject> JoinAsync(string room, ulong? lastKnownId = null)
    {
        await SendAsync(lastKnownId is null ? new { type = "join", room } : new { type = "join", room, lastKnownId });
        return await NextAsync("joined");
    }

    /// <summary>Sends and returns its ack; fails with the error frame if it was refused.</summary>
    public async Task<JsonObject> SendAckedAsync(string room, string clientMsgId, string text)
    {
        var answer = await SendMessageAsync(room, clientMsgId, text);
        Assert.True((string?)answer["type"] == "ack", $"{User}: {answer.ToJsonString()}; before: {string.Join(" | ", All().Select(f => f.ToJsonString()))}");
        return answer;
    }

    /// <summary>Sends and waits for the ack or error that answers it.</summary>
    public async Task<JsonObject> SendMessageAsync(string room, string clientMsgId, string text)
    {
        await SendAsync(new { type = "send", room, clientMsgId, text });
        return await AnswerAsync(clientMsgId);
    }

    /// <summary>The first ack or error not yet returned whose clientMsgId (or ref) is <paramref name="clientMsgId"/>.</summary>
    public async Task<JsonObject> AnswerAsync(string clientMsgId)
    {
        var deadline = DateTime.UtcNow + DefaultTimeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var frame in All())
            {
                var type = (string?)frame["type"];
                if (((type == "ack" && (string?)frame["clientMsgId"] == clientMsgId) || (type == "error" && (string?)frame["ref"] == clientMsgId))
                    && answered.Add(frame))
                {
                    return frame;
                }
            }

            await arrived.WaitAsync(TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"no answer to {clientMsgId}");
    }

    /// <summary>Stops reading from the socket (the server sees a client that does not keep up).</summary>
    public void Abort() => socket.Abort();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // Already gone.
        }

        socket.Abort();
        socket.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[1 << 20];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                var frame = JsonNode.Parse(buffer.AsSpan(0, length))!.AsObject();
                lock (received)
                {
                    received.Add(frame);
                }

                arrived.Release();
            }
        }
        catch (WebSocketException)
        {
            // Aborted or dropped.
        }
        finally
        {
            arrived.Release();
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
