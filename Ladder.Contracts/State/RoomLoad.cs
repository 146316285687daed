namespace Ladder.Contracts.State;

/// <summary>One room's local members on one node, as listed in <see cref="NodeStats.TopRooms"/>.</summary>
public sealed record RoomLoad(string Room, int Members);
