using System.Collections.Concurrent;
using Ladder.ChatNode.Auth;
using Ladder.ChatNode.Diagnostics;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Sessions;

/// <summary>This node's open sessions, by id: created here, removed when their transport ends.</summary>
internal sealed class SessionDirectory(ChatMetrics metrics, IOptions<ChatSessionOptions> options)
{
    private readonly ConcurrentDictionary<string, ChatSession> sessions = new(StringComparer.Ordinal);

    public int Count => sessions.Count;

    /// <summary>Raised after a session ended and left this directory.</summary>
    public event Action<ChatSession>? Removed;

    public IEnumerable<ChatSession> All => sessions.Values;

    public ChatSession Open(ChatUser user, string transport)
    {
        var session = new ChatSession($"s-{Guid.NewGuid():N}"[..14], user, transport, options.Value.SendQueueLength, metrics);
        sessions[session.Id] = session;
        metrics.ConnectionOpened(transport);
        return session;
    }

    public void Remove(ChatSession session)
    {
        if (sessions.TryRemove(session.Id, out _))
        {
            metrics.ConnectionClosed(session.Transport);
            Removed?.Invoke(session);
        }
    }
}
