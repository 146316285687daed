using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.Cluster;

/// <summary>
/// The route ports are a way into the log as wide as the client port: a process that routes to a server is a member
/// of the cluster and sees every message. They take only the cluster's own credentials, and the servers still form
/// the full mesh with them.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterRouteAccessTests(ClusterAppFixture fixture)
{
    [Fact]
    public async Task ARouteWithoutTheClusterCredentialsIsRefusedAndTheServersRouteToEachOther()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var server in ClusterAppFixture.NatsServerNames)
        {
            var monitor = fixture.App.GetEndpoint(server, "monitor");
            var routes = await http.GetFromJsonAsync<JsonElement>(new Uri(monitor, "/routez"));
            Assert.True(routes.TryGetProperty("num_routes", out var count), routes.ToString());
            Assert.Equal(ClusterAppFixture.NatsServerNames.Length - 1, count.GetInt32());

            var varz = await http.GetFromJsonAsync<JsonElement>(new Uri(monitor, "/varz"));
            Assert.True(varz.TryGetProperty("cluster", out var cluster), varz.ToString());
            Assert.True(cluster.TryGetProperty("cluster_port", out var port), cluster.ToString());
            var routePort = port.GetInt32();
            var answer = await RouteWithoutCredentialsAsync(routePort);
            Assert.Contains("Authorization Violation", answer, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Speaks the route protocol's CONNECT with no user, then PING: an open route port answers PONG.</summary>
    private static async Task<string> RouteWithoutCredentialsAsync(int port)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var info = await reader.ReadLineAsync(timeout.Token);
        Assert.StartsWith("INFO ", info);
        var connect = """CONNECT {"verbose":false,"pedantic":false,"tls_required":false,"name":"rogue","cluster":"ladder","headers":true}""" + "\r\nPING\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(connect), timeout.Token);
        var seen = new StringBuilder();
        try
        {
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                seen.AppendLine(line);
                if (line.StartsWith("-ERR", StringComparison.Ordinal) || line.StartsWith("PONG", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // The server closed the connection after its -ERR.
        }

        return seen.ToString();
    }
}
