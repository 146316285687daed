using Ladder.Contracts.Bus;
using Ladder.Contracts.Moderation;
using Ladder.ServiceDefaults;
using MassTransit;

namespace Ladder.ChatNode.ServerApi;

/// <summary>
/// The server API's commands over RabbitMQ: the moderation commands the console publishes (the archiver's consumers
/// apply and audit them, then every node enforces them) and <see cref="DisconnectUser"/> to every node. Published as
/// mandatory, as the console does, so a command no queue is bound for fails the call (503) instead of vanishing.
/// </summary>
internal sealed class ServerBus(IBus bus, TimeProvider time)
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    public Task DisconnectAsync(string user, string? session, string by) => PublishAsync(new DisconnectUser(user, session, by, time.GetUtcNow()));

    public Task DeleteMessageAsync(string room, ulong seq, string moderator, string? reason) => PublishAsync(new DeleteMessage(room, seq, moderator, reason));

    public Task MuteAsync(string user, string? room, DateTimeOffset? until, string moderator, string? reason) =>
        PublishAsync(new MuteUser(user, room, until, moderator, reason));

    public Task BanAsync(string user, DateTimeOffset? until, string moderator, string? reason) => PublishAsync(new BanUser(user, until, moderator, reason));

    public Task KickAsync(string user, string moderator, string? reason) => PublishAsync(new KickUser(user, moderator, reason));

    private async Task PublishAsync<T>(T command)
        where T : class
    {
        using var timeout = new CancellationTokenSource(SendTimeout);
        await bus.Publish<T>(command, LadderBusExtensions.Mandatory, timeout.Token);
    }
}
