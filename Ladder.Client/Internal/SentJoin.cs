namespace Ladder.Client.Internal;

/// <summary>A join written to a connection and not answered yet. An <c>error</c> names no room, but the node answers
/// a connection's frames in order, so a refused join is the oldest one still unanswered on that connection.</summary>
internal readonly record struct SentJoin(long ConnectionId, string Room);
