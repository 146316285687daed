using Ladder.ChatNode.Auth;
using Ladder.ChatNode.Configuration;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Sessions;

/// <summary>
/// The life of a connection's session, the same for every transport: open → welcome → token expiry → close timeout →
/// remove. A transport opens a <see cref="SessionLifetime"/>, attaches its send loop, calls
/// <see cref="SessionLifetime.Welcome"/>, runs its receive loop, and disposes the lifetime when it ends; it only has
/// to stop writing once <see cref="SessionLifetime.CloseTimedOut"/> fires.
/// </summary>
internal sealed class ConnectionLifecycle(SessionDirectory sessions, IOptions<ChatSessionOptions> options, IOptions<NodeOptions> node, TimeProvider time)
{
    /// <param name="transport">The transport's name in metrics and session listings (<c>ws</c>, <c>sse</c>).</param>
    /// <param name="clientGone">Fires when the client's connection ends; the session closes with it.</param>
    public SessionLifetime Open(ChatUser user, string transport, CancellationToken clientGone) =>
        new(sessions, sessions.Open(user, transport), node.Value.NodeName, options.Value.CloseTimeout, time, clientGone);
}
