using Ladder.ServiceDefaults;
using MassTransit;

namespace Ladder.Archiver.Extensions;

internal static class ArchiverServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNatsClient("nats");
        builder.AddNpgsqlDataSource("ladder");

        var rabbitMq = builder.Configuration.GetConnectionString("rabbitmq")
            ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not set; start the archiver from the AppHost.");
        builder.Services.AddMassTransit(bus =>
        {
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(rabbitMq));
                rabbit.ConfigureEndpoints(context);
            });
        });

        return builder;
    }
}
