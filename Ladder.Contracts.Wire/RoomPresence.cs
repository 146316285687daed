namespace Ladder.Contracts.Wire;

/// <summary>Answer of the server API's <c>GET /api/v1/rooms/{room}/presence</c>: the users online in the room, across nodes.</summary>
public sealed record RoomPresence(string Room, IReadOnlyList<string> Online);
