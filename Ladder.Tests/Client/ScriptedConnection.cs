using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Ladder.Tests.Client;

public sealed class ScriptedConnection(WebSocket socket, string? authorization)
{
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(10);

    public string? Authorization { get; } = authorization;

    public Task SendAsync(string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next client frame, skipping pings.</summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(ReceiveTimeout);
        while (true)
        {
            var buffer = new byte[64 * 1024];
            var length = 0;
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), timeout.Token);
                length += result.Count;
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("The client closed the connection.");
            }

            using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
            if (document.RootElement.GetProperty("type").GetString() != "ping")
            {
                return document.RootElement.Clone();
            }
        }
    }

    public async Task<JsonElement> ReceiveAsync(string type)
    {
        var frame = await ReceiveAsync();
        Assert.Equal(type, frame.GetProperty("type").GetString());
        return frame;
    }

    public async Task CloseAsync(int code)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, "scripted", timeout.Token);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The client went first.
        }
    }
}
