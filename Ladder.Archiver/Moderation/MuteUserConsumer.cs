using Ladder.Contracts.Archive;
using Ladder.Contracts.Moderation;
using Ladder.Contracts.State;
using MassTransit;

namespace Ladder.Archiver.Moderation;

/// <summary>Mutes a user in a room or everywhere: audit row and durable mute, the Redis key the nodes check, then <see cref="UserMuted"/>.</summary>
internal sealed class MuteUserConsumer(ModerationStore store, ModerationCache cache, TimeProvider time) : IConsumer<MuteUser>
{
    public async Task Consume(ConsumeContext<MuteUser> context)
    {
        var command = context.Message;
        ModerationValidation.User(command.User);
        if (command.Room is not null)
        {
            ModerationValidation.Room(command.Room);
        }

        ModerationValidation.Moderator(command.Moderator, command.Reason);
        var at = context.SentAt(time);
        var inForce = await store.MuteAsync(
            context.CommandId(),
            new AuditRow(0, at, command.Moderator, ModerationActions.Mute, command.Room, command.User, null, command.Reason, command.Until),
            context.CancellationToken);
        await cache.TryWriteAsync(inForce ?? new Sanction(RedisKeys.Mute(command.User, command.Room), command.Reason, command.Until));
        await context.Publish(new UserMuted(command.User, command.Room, command.Until, command.Moderator, command.Reason, at));
    }
}
