using Ladder.Tests.Infrastructure;
using Ladder.ServiceDefaults;
using MassTransit;

namespace Ladder.Tests.Admin;

/// <summary>A MassTransit bus on the platform's RabbitMQ that sends moderation commands the way the admin console does.</summary>
public sealed class ModerationBus : IAsyncDisposable
{
    private readonly IBusControl bus;

    private ModerationBus(IBusControl bus) => this.bus = bus;

    public static async Task<ModerationBus> StartAsync(LadderAppFixture fixture)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var connectionString = await fixture.App.GetConnectionStringAsync("rabbitmq", timeout.Token)
            ?? throw new InvalidOperationException("no rabbitmq connection string");
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(connectionString)));
        await bus.StartAsync(timeout.Token);
        return new ModerationBus(bus);
    }

    /// <summary>Publishes as mandatory: the test fails at once if no moderation queue is bound.</summary>
    public async Task PublishAsync<T>(T command)
        where T : class
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await bus.Publish<T>(command, LadderBusExtensions.Mandatory, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await bus.StopAsync(timeout.Token);
    }
}
