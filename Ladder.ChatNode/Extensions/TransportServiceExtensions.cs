using Ladder.ChatNode.Transport;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Extensions;

internal static class TransportServiceExtensions
{
    /// <summary>
    /// Everything that holds a socket: Kestrel's limits, scheduling and pools, the direct WebSocket upgrade, the open
    /// file limit, the idle heap trim, and both transports. Tuned by <see cref="TransportOptions"/>.
    /// </summary>
    public static IHostApplicationBuilder AddChatTransport(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TransportOptions>().BindConfiguration(TransportOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Off by default: inline, the fan-out thread makes every socket send itself, and one thread per node then
        // caps the fan-out (measured: p99 collapsed at 40k deliveries/s, docs/benchmarks.md run s3).
        services.AddOptions<SocketTransportOptions>()
            .Configure<IOptions<TransportOptions>>((sockets, transport) => sockets.UnsafePreferInlineScheduling = transport.Value.InlineSocketScheduling);
        // Registered after Kestrel's own factory, so Kestrel's transport and HTTP layer take their pools from this one.
        services.AddSingleton<IMemoryPoolFactory<byte>, BoundedBlockPoolFactory>();
        services.AddSingleton<DirectWebSocketConnections>();
        services.AddSingleton<DirectUpgradeTelemetry>();
        services.AddOptions<KestrelServerOptions>().Configure<IServiceProvider>((kestrel, provider) =>
        {
            var transport = provider.GetRequiredService<IOptions<TransportOptions>>().Value;
            kestrel.Limits.MaxConcurrentConnections = transport.MaxConnectionsPerNode;
            kestrel.Limits.MaxConcurrentUpgradedConnections = transport.MaxUpgradedConnectionsPerNode;
            if (transport.DirectWebSocketUpgrade)
            {
                // Every endpoint, including those bound from ASPNETCORE_URLS; the connection's first bytes decide.
                kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => provider.GetRequiredService<DirectWebSocketConnections>().Wrap(next)));
            }
        });
        // Raised while the host is built, before Kestrel opens a socket; logged once logging runs.
        services.AddSingleton(OpenFileLimit.RaiseToHard());
        services.AddHostedService<OpenFileLimitReporter>();
        services.AddHostedService<IdleMemoryTrimmer>();
        services.AddSingleton<WebSocketTransport>();
        services.AddSingleton<SseTransport>();
        return builder;
    }
}
