using Ladder.ServiceDefaults;
using MassTransit;

namespace Ladder.Admin.Extensions;

internal static class AdminServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNatsClient("nats");
        builder.AddRedisClient("redis");
        builder.AddNpgsqlDataSource("ladder");

        var rabbitMq = builder.Configuration.GetConnectionString("rabbitmq")
            ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not set; start the admin console from the AppHost.");
        builder.Services.AddMassTransit(bus => bus.UsingRabbitMq((context, rabbit) =>
        {
            rabbit.Host(new Uri(rabbitMq));
            rabbit.ConfigureEndpoints(context);
        }));

        return builder;
    }
}
