using Ladder.ChatNode.Sessions;
using Ladder.Contracts.Wire;

namespace Ladder.ChatNode.Moderation;

/// <summary>Closes every session of a user on this node with 4003.</summary>
internal sealed partial class UserSessionCloser(SessionDirectory sessions, ILogger<UserSessionCloser> logger)
{
    /// <param name="sessionId">Only this session of the user (the server API's disconnect of one session); null for all.</param>
    public int Close(string user, string reason, string? sessionId = null)
    {
        var closed = 0;
        foreach (var session in sessions.All.Where(candidate => candidate.User.Id == user && (sessionId is null || candidate.Id == sessionId)))
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
