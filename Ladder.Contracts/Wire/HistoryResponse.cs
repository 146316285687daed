namespace Ladder.Contracts.Wire;

/// <summary>Answer of <c>GET /rooms/{room}/messages</c>.</summary>
public sealed record HistoryResponse(string Room, IReadOnlyList<HistoryItem> Messages, bool HasMore);
