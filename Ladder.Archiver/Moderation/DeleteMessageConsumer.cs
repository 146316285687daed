using Ladder.Contracts.Archive;
using Ladder.Contracts.Moderation;
using MassTransit;

namespace Ladder.Archiver.Moderation;

/// <summary>Removes a message: a tombstone in the room's log, the original erased, an audit row, then <see cref="MessageDeleted"/>.</summary>
internal sealed class DeleteMessageConsumer(ChatLogModerator log, ModerationStore store, TimeProvider time) : IConsumer<DeleteMessage>
{
    public async Task Consume(ConsumeContext<DeleteMessage> context)
    {
        var command = context.Message;
        ModerationValidation.Room(command.Room);
        ModerationValidation.Moderator(command.Moderator, command.Reason);
        if (command.Seq == 0)
        {
            throw new ModerationRefusedException("seq 0 names no message");
        }

        var at = context.SentAt(time);
        var deletion = await log.DeleteAsync(command.Room, command.Seq, command.Moderator, command.Reason, at, context.CancellationToken);
        await store.AuditAsync(
            context.CommandId(),
            new AuditRow(0, at, command.Moderator, ModerationActions.Delete, command.Room, deletion.Sender, command.Seq, command.Reason, null),
            context.CancellationToken);
        await context.Publish(new MessageDeleted(command.Room, command.Seq, deletion.TombstoneSeq, command.Moderator, command.Reason, at));
    }
}
