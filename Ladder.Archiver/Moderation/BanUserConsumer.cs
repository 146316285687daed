using Ladder.Contracts.Archive;
using Ladder.Contracts.Moderation;
using Ladder.Contracts.State;
using MassTransit;

namespace Ladder.Archiver.Moderation;

/// <summary>
/// Bans a user: audit row and durable ban, the Redis key that refuses new connections, then <see cref="UserBanned"/>, on
/// which every node closes the user's connections (4003). The key is written before the event, so a client that
/// reconnects at once is already refused.
/// </summary>
internal sealed class BanUserConsumer(ModerationStore store, ModerationCache cache, TimeProvider time) : IConsumer<BanUser>
{
    public async Task Consume(ConsumeContext<BanUser> context)
    {
        var command = context.Message;
        ModerationValidation.User(command.User);
        ModerationValidation.Moderator(command.Moderator, command.Reason);
        var at = context.SentAt(time);
        var inForce = await store.BanAsync(
            context.CommandId(),
            new AuditRow(0, at, command.Moderator, ModerationActions.Ban, null, command.User, null, command.Reason, command.Until),
            context.CancellationToken);
        await cache.TryWriteAsync(inForce ?? new Sanction(RedisKeys.Ban(command.User), command.Reason, command.Until));
        // A ban that has already ended (how a ban is lifted early) leaves nothing for the nodes to enforce.
        if (command.Until is not { } until || until > time.GetUtcNow())
        {
            await context.Publish(new UserBanned(command.User, command.Until, command.Moderator, command.Reason, at));
        }
    }
}
