using Ladder.Contracts.Moderation;
using MassTransit;

namespace Ladder.ChatNode.Moderation;

/// <summary>A ban closes the user's sessions on this node with 4003 and refuses their reconnects here.</summary>
internal sealed class UserBannedConsumer(UserSessionCloser closer, LocalModerationCache cache) : IConsumer<UserBanned>
{
    public Task Consume(ConsumeContext<UserBanned> context)
    {
        cache.Banned(context.Message.User, context.Message.Until);
        closer.Close(context.Message.User, context.Message.Reason is { Length: > 0 } reason ? $"banned: {reason}" : "banned");
        return Task.CompletedTask;
    }
}
