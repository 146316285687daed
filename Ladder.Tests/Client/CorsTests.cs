using System.Net;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.Client;

/// <summary>CORS of the node's HTTP endpoints and script (issue 18 row 10): preflights and responses carry the headers
/// for the origins of <c>Chat:AllowedOrigins</c> only.</summary>
[Collection(LadderCollection.Name)]
public sealed class CorsTests(LadderAppFixture fixture)
{
    private const string Foreign = "http://evil.example:8080";

    public static TheoryData<string, string, string> Preflights => new()
    {
        { "/dev/token", "POST", "content-type" },
        { "/rooms/general/messages", "POST", "authorization,content-type" },
        { "/rooms/general/messages", "GET", "authorization" },
        { "/sse", "GET", "last-event-id" },
        { "/ladder-client.js", "GET", "" },
    };

    [Theory]
    [MemberData(nameof(Preflights))]
    public async Task PreflightFromAnAllowedOriginIsAnswered(string path, string method, string headers)
    {
        foreach (var origin in new[] { fixture.CrossOrigin, Trim(fixture.ChatNode(2)) })
        {
            using var response = await PreflightAsync(path, origin, method, headers);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Equal(origin, Single(response, "Access-Control-Allow-Origin"));
            Assert.Contains(method, Single(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
            if (headers.Length > 0)
            {
                var allowed = Single(response, "Access-Control-Allow-Headers").Split(',', StringSplitOptions.TrimEntries);
                Assert.All(headers.Split(','), header => Assert.Contains(header, allowed, StringComparer.OrdinalIgnoreCase));
            }

            Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
        }
    }

    [Theory]
    [MemberData(nameof(Preflights))]
    public async Task PreflightFromAForeignOriginGetsNoCorsHeaders(string path, string method, string headers)
    {
        using var response = await PreflightAsync(path, Foreign, method, headers);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task ScriptAndErrorsCarryTheHeaderForAnAllowedOriginOnly()
    {
        using var http = new HttpClient { BaseAddress = fixture.ChatNode(1) };

        using var script = await GetAsync(http, "/ladder-client.js", fixture.CrossOrigin);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(fixture.CrossOrigin, Single(script, "Access-Control-Allow-Origin"));
        Assert.Contains("export class LadderClient", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A refusal must be readable cross-origin too: the client tells a 401 from a broken network by it.
        using var refused = await GetAsync(http, "/rooms/general/messages", fixture.CrossOrigin);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(fixture.CrossOrigin, Single(refused, "Access-Control-Allow-Origin"));

        using var foreign = await GetAsync(http, "/ladder-client.js", Foreign);
        Assert.Equal(HttpStatusCode.OK, foreign.StatusCode);
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private async Task<HttpResponseMessage> PreflightAsync(string path, string origin, string method, string headers)
    {
        using var http = new HttpClient { BaseAddress = fixture.ChatNode(1) };
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        if (headers.Length > 0)
        {
            request.Headers.Add("Access-Control-Request-Headers", headers);
        }

        return await http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", origin);
        return await http.SendAsync(request);
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : []);

    private static string Trim(Uri node) => node.ToString().TrimEnd('/');
}
