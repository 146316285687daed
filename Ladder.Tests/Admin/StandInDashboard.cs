using System.Net;
using System.Text;

namespace Ladder.Tests.Admin;

/// <summary>
/// Stands in for the Aspire dashboard (an HTTP boundary outside the platform; the tests run without the real one):
/// its telemetry API answers with one error a chat node logged, only to the right <c>X-API-Key</c>, and its trace page
/// answers, so a link from the console can be followed.
/// </summary>
internal sealed class StandInDashboard : IAsyncDisposable
{
    public const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    public const string ErrorText = "Room lobby: the live subscription failed <b>as text</b>";

    /// <summary>An error logged before the platform had started (stamped when the stand-in was created, before the
    /// AppHost): start-up noise the panel leaves out.</summary>
    public const string StartupErrorText = "Connection refused while the broker starts";

    private readonly DateTimeOffset createdAt = DateTimeOffset.UtcNow;

    private readonly HttpListener listener = new();
    private readonly Task serving;
    private int refused;

    public StandInDashboard()
    {
        Origin = $"http://127.0.0.1:{FreePort()}";
        listener.Prefixes.Add(Origin + "/");
        listener.Start();
        serving = ServeAsync();
    }

    public string Origin { get; }

    public string ApiKey { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Requests to the telemetry API without the key.</summary>
    public int Refused => Volatile.Read(ref refused);

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await serving;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = context.Request.Url!.AbsolutePath;
            var (status, type, body) = path switch
            {
                "/api/telemetry/logs" or "/api/telemetry/traces" when context.Request.Headers["X-API-Key"] != ApiKey => Refuse(),
                "/api/telemetry/logs" => (200, "application/json", Logs(createdAt)),
                "/api/telemetry/traces" => (200, "application/json", """{"data":{"resourceSpans":[]},"totalCount":0,"returnedCount":0}"""),
                _ when path == "/traces/detail/" + TraceId => (200, "text/html", $"<!doctype html><title>Trace {TraceId}</title><h1 id=\"trace\">{TraceId}</h1>"),
                _ => (404, "text/plain", "not found"),
            };
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = type + "; charset=utf-8";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private (int, string, string) Refuse()
    {
        Interlocked.Increment(ref refused);
        return (401, "text/plain", "API key required");
    }

    private static string Logs(DateTimeOffset startup)
    {
        var nanos = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        var startupNanos = (startup - DateTimeOffset.UnixEpoch).Ticks * 100;
        var message = System.Text.Json.JsonSerializer.Serialize(ErrorText);
        return $$$"""
            {"data":{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"chat-1"}}]},
            "scopeLogs":[{"scope":{"name":"Ladder.ChatNode.Fanout.LogFanout"},"logRecords":[
            {"timeUnixNano":"{{{nanos}}}","severityNumber":17,"severityText":"Error","body":{"stringValue":{{{message}}}},"traceId":"{{{TraceId}}}"},
            {"timeUnixNano":"{{{startupNanos}}}","severityNumber":17,"severityText":"Error","body":{"stringValue":"{{{StartupErrorText}}}"}}]}]}]},
            "totalCount":2,"returnedCount":2}
            """;
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
