using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Ladder.Tests.Access;

/// <summary>
/// The app's backend as a join hook sees it: an HTTP listener on the platform's hook URL that answers each
/// <c>POST {"user","room"}</c> as the test says, and counts the requests per user. A request without the platform's
/// secret is answered 401 (which the node must take as a failure).
/// </summary>
public sealed class JoinHookBackend : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly string secret;
    private readonly Func<string, string, Task<(int Status, string Body)>> answer;
    private readonly ConcurrentDictionary<string, int> requests = new();
    private readonly Task accepting;
    private int withoutSecret;

    /// <param name="url">The hook URL the platform was started with.</param>
    /// <param name="answer">The status and body for (user, room).</param>
    public JoinHookBackend(string url, string secret, Func<string, string, Task<(int Status, string Body)>> answer)
    {
        this.secret = secret;
        this.answer = answer;
        var uri = new Uri(url);
        listener.Prefixes.Add($"{uri.Scheme}://{uri.Authority}/");
        listener.Start();
        accepting = AcceptAsync();
    }

    /// <summary>A backend answering every request with the same status and body.</summary>
    public JoinHookBackend(string url, string secret, int status, string body)
        : this(url, secret, (_, _) => Task.FromResult((status, body)))
    {
    }

    /// <summary>Requests made about <paramref name="user"/> so far.</summary>
    public int RequestsFor(string user) => requests.GetValueOrDefault(user);

    public int Requests => requests.Values.Sum();

    public int RequestsWithoutSecret => Volatile.Read(ref withoutSecret);

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task AcceptAsync()
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

            // Each request on its own: a slow answer must not hold up the next.
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            // A connection per request: the node's pool never holds a connection to a listener a later test replaced.
            context.Response.KeepAlive = false;
            if (context.Request.Headers["Ladder-Hook-Secret"] != secret)
            {
                Interlocked.Increment(ref withoutSecret);
                await WriteAsync(context, 401, """{"error":"who are you?"}""");
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = JsonNode.Parse(await reader.ReadToEndAsync())!;
            var user = (string)body["user"]!;
            var room = (string)body["room"]!;
            requests.AddOrUpdate(user, 1, (_, count) => count + 1);
            var (status, text) = await answer(user, room);
            await WriteAsync(context, status, text);
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // The node gave up waiting (a timeout test) or the listener stopped.
        }
    }

    private static async Task WriteAsync(HttpListenerContext context, int status, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}
