using Ladder.Contracts.Moderation;
using MassTransit;

namespace Ladder.ChatNode.Moderation;

/// <summary>A kick closes the user's sessions on this node with 4003; they may come back.</summary>
internal sealed class UserKickedConsumer(UserSessionCloser closer) : IConsumer<UserKicked>
{
    public Task Consume(ConsumeContext<UserKicked> context)
    {
        closer.Close(context.Message.User, context.Message.Reason is { Length: > 0 } reason ? $"kicked: {reason}" : "kicked");
        return Task.CompletedTask;
    }
}
