using Ladder.ChatNode.Auth;

namespace Ladder.ChatNode.RateLimiting;

/// <summary>One admitted connection's place in its user's connection count; disposing it (when the connection ends)
/// frees the place. Idempotent.</summary>
internal sealed class ConnectionSlot : IDisposable
{
    private readonly UserConnectionLimiter owner;
    private int released;

    internal ConnectionSlot(UserConnectionLimiter owner, ChatUser user, string member)
    {
        this.owner = owner;
        User = user;
        Member = member;
    }

    public ChatUser User { get; }

    /// <summary>The entry in the user's Redis set: <c>node|connection</c>.</summary>
    internal string Member { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            owner.Release(this);
        }
    }
}
