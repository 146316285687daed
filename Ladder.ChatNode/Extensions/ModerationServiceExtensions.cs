using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.Moderation;
using Ladder.ChatNode.ServerApi;
using Ladder.ServiceDefaults;
using MassTransit;

namespace Ladder.ChatNode.Extensions;

internal static class ModerationServiceExtensions
{
    /// <summary>
    /// Moderation events from RabbitMQ. Every node needs every ban and kick, so each has a queue of its own
    /// (deleted with the node: a dead node has no sessions to close).
    /// </summary>
    public static IHostApplicationBuilder AddModerationEvents(this IHostApplicationBuilder builder)
    {
        var node = builder.Configuration.GetSection(NodeOptions.Section)[nameof(NodeOptions.NodeName)] ?? Environment.MachineName;

        builder.Services.AddSingleton<LocalModerationCache>();
        builder.Services.AddSingleton<BanCheck>();
        builder.Services.AddSingleton<SendSanctions>();
        builder.Services.AddSingleton<UserSessionCloser>();
        builder.AddLadderBus(
            bus =>
            {
                bus.AddConsumer<UserBannedConsumer>();
                bus.AddConsumer<UserKickedConsumer>();
                bus.AddConsumer<DisconnectUserConsumer>();
            },
            (context, rabbit) => rabbit.ReceiveEndpoint($"chat-node-{node}-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.ConfigureConsumer<UserBannedConsumer>(context);
                endpoint.ConfigureConsumer<UserKickedConsumer>(context);
                endpoint.ConfigureConsumer<DisconnectUserConsumer>(context);
            }));

        return builder;
    }
}
