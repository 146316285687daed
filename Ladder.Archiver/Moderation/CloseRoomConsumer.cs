using Ladder.Contracts.Archive;
using Ladder.Contracts.Moderation;
using Ladder.Contracts.State;
using MassTransit;

namespace Ladder.Archiver.Moderation;

/// <summary>Closes a room: audit row and durable record, the Redis key that refuses sends, then <see cref="RoomClosed"/>.</summary>
internal sealed class CloseRoomConsumer(ModerationStore store, ModerationCache cache, TimeProvider time) : IConsumer<CloseRoom>
{
    public async Task Consume(ConsumeContext<CloseRoom> context)
    {
        var command = context.Message;
        ModerationValidation.Room(command.Room);
        ModerationValidation.Moderator(command.Moderator, command.Reason);
        var at = context.SentAt(time);
        await store.CloseRoomAsync(
            context.CommandId(),
            new AuditRow(0, at, command.Moderator, ModerationActions.CloseRoom, command.Room, null, null, command.Reason, null),
            context.CancellationToken);
        await cache.TryWriteAsync(new Sanction(RedisKeys.ClosedRoom(command.Room), command.Reason, null));
        await context.Publish(new RoomClosed(command.Room, command.Moderator, command.Reason, at));
    }
}
