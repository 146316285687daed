using Ladder.ChatNode.Moderation;
using Ladder.Contracts.Bus;
using MassTransit;

namespace Ladder.ChatNode.ServerApi;

/// <summary>The server API's disconnect, on every node: the user's sessions here (or the one named) close with 4003.</summary>
internal sealed class DisconnectUserConsumer(UserSessionCloser closer) : IConsumer<DisconnectUser>
{
    public Task Consume(ConsumeContext<DisconnectUser> context)
    {
        closer.Close(context.Message.User, "disconnected by the server", context.Message.Session);
        return Task.CompletedTask;
    }
}
