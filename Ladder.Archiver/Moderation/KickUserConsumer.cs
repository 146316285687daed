using Ladder.Contracts.Archive;
using Ladder.Contracts.Moderation;
using MassTransit;

namespace Ladder.Archiver.Moderation;

/// <summary>Kicks a user: an audit row, then <see cref="UserKicked"/>, on which every node closes the user's connections (4003).</summary>
internal sealed class KickUserConsumer(ModerationStore store, TimeProvider time) : IConsumer<KickUser>
{
    public async Task Consume(ConsumeContext<KickUser> context)
    {
        var command = context.Message;
        ModerationValidation.User(command.User);
        ModerationValidation.Moderator(command.Moderator, command.Reason);
        var at = context.SentAt(time);
        await store.AuditAsync(
            context.CommandId(),
            new AuditRow(0, at, command.Moderator, ModerationActions.Kick, null, command.User, null, command.Reason, null),
            context.CancellationToken);
        await context.Publish(new UserKicked(command.User, command.Moderator, command.Reason, at));
    }
}
