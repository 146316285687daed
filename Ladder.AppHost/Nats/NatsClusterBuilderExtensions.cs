using Ladder.AppHost.Health;
using Microsoft.Extensions.DependencyInjection;

namespace Ladder.AppHost.Nats;

internal static class NatsClusterBuilderExtensions
{
    /// <summary>
    /// Adds the cluster resource and its servers, made by <paramref name="addServer"/> (a local process or a container)
    /// for each server number. The services reference and wait for the cluster, never for one server.
    /// </summary>
    public static IResourceBuilder<NatsClusterResource> AddNatsCluster<TServer>(
        this IDistributedApplicationBuilder builder,
        string name,
        NatsClusterLayout layout,
        Func<int, IResourceBuilder<TServer>> addServer,
        string monitorEndpointName)
        where TServer : IResourceWithConnectionString, IResourceWithEndpoints
    {
        var cluster = builder.AddResource(new NatsClusterResource(name, layout))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "NatsCluster",
                State = KnownResourceStates.Waiting,
                Properties = [new("nats.servers", layout.Servers), new("nats.replicas", layout.Replicas)],
            })
            .WithRoundTripHealthCheck(resource => new NatsClusterHealthCheck(resource.Monitors));

        var ready = new HashSet<string>(StringComparer.Ordinal);
        foreach (var number in layout.Numbers)
        {
            var server = addServer(number).WithParentRelationship(cluster.Resource);
            cluster.Resource.AddServer(server.Resource, server.GetEndpoint(monitorEndpointName));

            builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (@event, _) =>
            {
                bool all;
                lock (ready)
                {
                    ready.Add(@event.Resource.Name);
                    all = ready.Count == layout.Servers;
                }

                // Not a process: its state follows its servers, and its health check decides when it can be used.
                if (all)
                {
                    var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
                    await notifications.PublishUpdateAsync(cluster.Resource, snapshot => snapshot with
                    {
                        State = KnownResourceStates.Running,
                        StartTimeStamp = snapshot.StartTimeStamp ?? DateTime.UtcNow,
                    });
                }
            });
        }

        return cluster;
    }
}
