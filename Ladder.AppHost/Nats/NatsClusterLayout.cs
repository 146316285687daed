using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Ladder.AppHost.Nats;

/// <summary>
/// How many <c>nats-server</c> processes run (<c>Ladder:Nats:Servers</c>) and what follows from it: their names, the
/// cluster they form when there is more than one, and the replicas of every stream and durable consumer Ladder creates.
/// </summary>
internal sealed record NatsClusterLayout(int Servers)
{
    public const int DefaultServers = 3;

    /// <summary>JetStream allows at most 5 replicas; a cluster bigger than 9 is beyond what one AppHost should run.</summary>
    public const int MaxServers = 9;

    public const string ClusterName = "ladder";

    /// <summary>The port every server listens on for routes inside its container.</summary>
    public const int ContainerRoutePort = 6222;

    /// <summary>A single server runs standalone: JetStream refuses a cluster of one without routes.</summary>
    public bool IsClustered => Servers > 1;

    /// <summary>R3 survives the loss of any one server; more replicas only cost writes.</summary>
    public int Replicas => Math.Min(3, Servers);

    public IEnumerable<int> Numbers => Enumerable.Range(1, Servers);

    public static string ServerName(int number) => "nats-" + number.ToString(CultureInfo.InvariantCulture);

    public static NatsClusterLayout From(IConfiguration section)
    {
        var servers = section.GetValue("Nats:Servers", DefaultServers);
        if (servers is < 1 or > MaxServers)
        {
            throw new InvalidOperationException($"Ladder:Nats:Servers must be between 1 and {MaxServers}, not {servers}.");
        }

        return new NatsClusterLayout(servers);
    }

    /// <summary>The routes a server solicits: every other server's route address.</summary>
    public IReadOnlyList<string> RoutesFor(int number, Func<int, string> routeHostPort) =>
        Numbers.Where(other => other != number).Select(routeHostPort).ToList();

    /// <summary>The user the servers of the cluster route to each other as.</summary>
    public const string RouteUser = "ladder-route";

    /// <summary>
    /// The <c>cluster</c> block of server <paramref name="number"/>'s configuration (empty for a single server): routes
    /// only with <paramref name="routePassword"/>, so nothing else that can reach a route port joins the cluster and
    /// reads the log. The password is in the soliciting URLs too (NATS takes route credentials nowhere else), which is
    /// why this goes into the owner-only configuration file and never onto the command line.
    /// </summary>
    public string ClusterConfiguration(int number, string listenHostPort, Func<int, string> routeHostPort, string routePassword) =>
        IsClustered
            ? $$"""

                cluster {
                  name: {{ClusterName}}
                  listen: "{{listenHostPort}}"
                  authorization {
                    user: {{RouteUser}}
                    password: "{{routePassword}}"
                  }
                  routes: [
                {{string.Join(Environment.NewLine, RoutesFor(number, routeHostPort).Select(route => $"    \"nats-route://{RouteUser}:{routePassword}@{route}\""))}}
                  ]
                }
                """
            : "";

    /// <summary>A password for the routes of one AppHost run: every server is (re)configured with it by this AppHost,
    /// so it never needs to outlive the run or be stored anywhere but the servers' own files.</summary>
    public static string NewRoutePassword() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
}
