using System.Globalization;
using Ladder.AppHost.Nats;

namespace Ladder.AppHost.LocalProcesses;

/// <summary>
/// The NATS servers as local processes: with more than one, a JetStream cluster with routes between them on loopback
/// ports, each server storing in <c>nats/nats-N</c> under the data directory. A single server stores in <c>nats</c>
/// itself, as the platform always did, so a laptop running one server keeps its log.
/// </summary>
internal static class LocalNatsCluster
{
    public delegate IResourceBuilder<LocalNatsResource> AddServer(string name, string storeDirectory, string clusterConfiguration);

    public static IResourceBuilder<NatsClusterResource> Add(
        IDistributedApplicationBuilder builder, NatsClusterLayout layout, string natsDirectory, AddServer addServer)
    {
        RefuseStandaloneLog(layout, natsDirectory);
        var routePorts = layout.Numbers.ToDictionary(number => number, _ => FreePort.Next());
        string RouteHostPort(int number) => "127.0.0.1:" + routePorts[number].ToString(CultureInfo.InvariantCulture);
        var routePassword = NatsClusterLayout.NewRoutePassword();

        return builder.AddNatsCluster("nats", layout, number =>
        {
            var name = NatsClusterLayout.ServerName(number);
            var storeDirectory = layout.IsClustered ? Path.Combine(natsDirectory, name) : natsDirectory;
            Directory.CreateDirectory(storeDirectory);
            return addServer(name, storeDirectory, layout.ClusterConfiguration(number, RouteHostPort(number), RouteHostPort, routePassword));
        }, LocalNatsResource.MonitorEndpointName);
    }

    /// <summary>
    /// A single server's streams are invisible to a cluster's meta leader (nats-server 2.9 restores them on disk but the
    /// cluster answers "stream not found", and a clustered stream of the same name would be placed beside them): the
    /// cluster would start with an empty log while the old one lingers. Refuse instead, with what to do.
    /// </summary>
    private static void RefuseStandaloneLog(NatsClusterLayout layout, string natsDirectory)
    {
        var standaloneStore = Path.Combine(natsDirectory, "jetstream");
        if (layout.IsClustered && Directory.Exists(standaloneStore))
        {
            throw new InvalidOperationException(
                $"{standaloneStore} holds the chat log of a single NATS server from an earlier run, which a {layout.Servers}-server cluster cannot take over: "
                + "run with --Ladder:Nats:Servers=1 to keep using it, or move it away (every message is also in the archive) to start the cluster.");
        }
    }
}
