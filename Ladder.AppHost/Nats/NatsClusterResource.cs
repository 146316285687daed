namespace Ladder.AppHost.Nats;

/// <summary>
/// The NATS servers as the one connection string every service is given: all their URLs, comma-separated, so a
/// client connects to any and moves to another when its server dies. Not a process: it is running once every
/// server has been ready, and healthy while a majority of them is current with a JetStream meta leader.
/// </summary>
internal sealed class NatsClusterResource(string name, NatsClusterLayout layout) : Resource(name), IResourceWithConnectionString
{
    private readonly List<IResourceWithConnectionString> servers = [];
    private readonly List<EndpointReference> monitors = [];

    public NatsClusterLayout Layout => layout;

    public IReadOnlyList<IResourceWithConnectionString> Servers => servers;

    /// <summary>Each server's HTTP monitoring endpoint (<c>/healthz</c>, <c>/jsz</c>).</summary>
    public IReadOnlyList<EndpointReference> Monitors => monitors;

    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var expression = new ReferenceExpressionBuilder();
            for (var i = 0; i < servers.Count; i++)
            {
                if (i > 0)
                {
                    expression.AppendLiteral(",");
                }

                expression.AppendFormatted(servers[i].ConnectionStringExpression);
            }

            return expression.Build();
        }
    }

    public void AddServer(IResourceWithConnectionString server, EndpointReference monitor)
    {
        servers.Add(server);
        monitors.Add(monitor);
    }
}
