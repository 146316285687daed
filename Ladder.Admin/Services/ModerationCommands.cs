using Ladder.Contracts.Moderation;
using Ladder.ServiceDefaults;
using MassTransit;

namespace Ladder.Admin.Services;

/// <summary>
/// Sends moderators' commands to the archiver's moderation consumers over RabbitMQ. Published as mandatory, so a command
/// that no queue is bound for (the archiver never started) fails here instead of vanishing.
/// </summary>
internal sealed class ModerationCommands(IBus bus)
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    public Task DeleteMessageAsync(string room, ulong seq, string moderator, string? reason) =>
        PublishAsync(new DeleteMessage(room, seq, moderator, reason));

    public Task MuteAsync(string user, string? room, DateTimeOffset? until, string moderator, string? reason) =>
        PublishAsync(new MuteUser(user, room, until, moderator, reason));

    public Task BanAsync(string user, DateTimeOffset? until, string moderator, string? reason) =>
        PublishAsync(new BanUser(user, until, moderator, reason));

    public Task KickAsync(string user, string moderator, string? reason) =>
        PublishAsync(new KickUser(user, moderator, reason));

    public Task CloseRoomAsync(string room, string moderator, string? reason) =>
        PublishAsync(new CloseRoom(room, moderator, reason));

    private async Task PublishAsync<T>(T command)
        where T : class
    {
        using var timeout = new CancellationTokenSource(SendTimeout);
        await bus.Publish<T>(command, LadderBusExtensions.Mandatory, timeout.Token);
    }
}
