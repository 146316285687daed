namespace Ladder.Tests.Infrastructure;

public static class UriExtensions
{
    public static Uri ToWebSocket(this Uri uri) => new UriBuilder(uri) { Scheme = uri.Scheme == "https" ? "wss" : "ws" }.Uri;
}
