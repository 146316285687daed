namespace Ladder.ChatNode.Rooms;

/// <summary>What <see cref="ChatSession.TryAddMembership"/> did.</summary>
internal enum MembershipAdd
{
    Added,

    /// <summary>The session closed, or already has a member for the room (a concurrent join won).</summary>
    NotAdded,

    /// <summary>The session is in as many rooms as a connection may be.</summary>
    Full,
}
