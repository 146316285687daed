using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Ladder.Tests.Infrastructure;

/// <summary>A raw SSE reader for tests: each event's type, id and JSON data, in order.</summary>
public sealed class TestEventStream : IAsyncDisposable
{
    private readonly HttpClient http;
    private readonly HttpResponseMessage response;
    private readonly Channel<ServerEvent> events = Channel.CreateUnbounded<ServerEvent>();
    private readonly CancellationTokenSource stop = new();
    private readonly Task reading;

    private TestEventStream(HttpClient http, HttpResponseMessage response)
    {
        this.http = http;
        this.response = response;
        reading = Task.Run(ReadAsync);
    }

    public sealed record ServerEvent(string Type, string? Id, JsonObject Data);

    public static async Task<TestEventStream> OpenAsync(Uri node, string user, string query, string? lastEventId = null, string? token = null)
    {
        var http = new HttpClient { BaseAddress = node, Timeout = Timeout.InfiniteTimeSpan };
        var request = new HttpRequestMessage(HttpMethod.Get, $"/sse?{query}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? await TestSocket.TokenAsync(node, user));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new TestEventStream(http, response);
    }

    public async Task<ServerEvent> NextAsync(string? type = null, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TestSocket.DefaultTimeout);
        while (true)
        {
            var next = await events.Reader.ReadAsync(deadline.Token);
            if (type is null || next.Type == type)
            {
                return next;
            }
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
            string? type = null, id = null, data = null;
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (type is not null && data is not null)
                    {
                        await events.Writer.WriteAsync(new ServerEvent(type, id, JsonNode.Parse(data)!.AsObject()));
                    }

                    type = id = data = null;
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line["event: ".Length..];
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line["id: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line["data: ".Length..];
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException)
        {
            // Closed.
        }
        catch (Exception exception)
        {
            events.Writer.TryComplete(exception);
        }
        finally
        {
            events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        response.Dispose();
        http.Dispose();
        await reading.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
