using Ladder.ChatNode.Access;

namespace Ladder.ChatNode.Auth;

/// <summary>Who a validated token speaks for, until when, and the rooms its <c>rooms</c> claim grants.</summary>
internal sealed record ChatUser(string Id, DateTimeOffset ExpiresAt)
{
    public IReadOnlyList<RoomGrant> Rooms { get; init; } = [];
}
