using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ladder.ServiceDefaults;

/// <summary>
/// MassTransit on the platform's RabbitMQ, from the connection string <c>ConnectionStrings:rabbitmq</c> that the AppHost
/// injects: the one bus set-up of every service that talks to RabbitMQ, and the mandatory publish they share.
/// </summary>
public static class LadderBusExtensions
{
    public const string ConnectionName = "rabbitmq";

    /// <summary>
    /// Adds the bus. <paramref name="consumers"/> registers the service's consumers; <paramref name="endpoints"/>
    /// configures its receive endpoints, by default one per registered consumer (<c>ConfigureEndpoints</c>).
    /// </summary>
    public static IHostApplicationBuilder AddLadderBus(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator>? consumers = null,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? endpoints = null)
    {
        var rabbitMq = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} is not set; start the service from the AppHost.");
        builder.Services.AddMassTransit(bus =>
        {
            consumers?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(rabbitMq));
                if (endpoints is null)
                {
                    rabbit.ConfigureEndpoints(context);
                }
                else
                {
                    endpoints(context, rabbit);
                }
            });
        });
        return builder;
    }

    /// <summary>
    /// The publish callback that makes a publish mandatory: with no queue bound to the message's exchange (its consumer
    /// never started) the publish fails instead of being confirmed and silently dropped.
    /// </summary>
    public static void Mandatory(PublishContext context)
    {
        if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
        {
            rabbit.Mandatory = true;
        }
    }
}
