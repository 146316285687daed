namespace Ladder.Contracts.Wire;

/// <summary>Answer of <c>GET /rooms/{room}/messages</c> (read from the archive, so it may lag behind acks).</summary>
/// <param name="Room">The room paged.</param>
/// <param name="Messages">The page, newest first.</param>
/// <param name="HasMore">True when older messages exist below the last item.</param>
public sealed record HistoryResponse(string Room, IReadOnlyList<HistoryItem> Messages, bool HasMore);
