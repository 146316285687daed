using Ladder.ChatNode.Sessions;
using Ladder.Contracts.Wire;

namespace Ladder.ChatNode.Moderation;

/// <summary>Closes every session of a user on this node with 4003.</summary>
internal sealed partial class UserSessionCloser(SessionDirectory sessions, ILogger<UserSessionCloser> logger)
{
    public int Close(string user, string reason)
    {
        var closed = 0;
        foreach (var session in sessions.All.Where(session => session.User.Id == user))
        {
            session.Close(CloseCodes.Kicked, reason);
            closed++;
        }

        if (closed > 0)
        {
            LogClosed(user, closed, reason);
        }

        return closed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Count} sessions of {User}: {Reason}")]
    private partial void LogClosed(string user, int count, string reason);
}
