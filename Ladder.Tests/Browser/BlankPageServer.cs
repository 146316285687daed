using System.Net;
using System.Text;

namespace Ladder.Tests.Browser;

/// <summary>Serves one empty HTML page at an origin of its own (a loopback port), so that a page there loads the
/// chat node's script and calls its endpoints cross-origin.</summary>
internal sealed class BlankPageServer : IAsyncDisposable
{
    private static readonly byte[] Page = Encoding.UTF8.GetBytes("<!doctype html><html><head><title>elsewhere</title></head><body></body></html>");
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public BlankPageServer(string origin)
    {
        Origin = origin;
        _listener.Prefixes.Add(origin + "/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Origin { get; }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = Page.Length;
            await context.Response.OutputStream.WriteAsync(Page);
            context.Response.Close();
        }
    }
}
