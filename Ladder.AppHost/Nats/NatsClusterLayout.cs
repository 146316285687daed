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

    /// <summary>The routes a server solicits: every other server's route URL.</summary>
    public IReadOnlyList<string> RoutesFor(int number, Func<int, string> routeUrl) =>
        Numbers.Where(other => other != number).Select(routeUrl).ToList();

    /// <summary>The <c>nats-server</c> arguments that make server <paramref name="number"/> a member of the cluster.</summary>
    public IReadOnlyList<string> ClusterArguments(int number, string listenUrl, Func<int, string> routeUrl) =>
        IsClustered
            ? ["--cluster_name", ClusterName, "--cluster", listenUrl, "--routes", string.Join(',', RoutesFor(number, routeUrl))]
            : [];
}
