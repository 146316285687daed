namespace Ladder.ChatNode.Fanout;

/// <summary>What <see cref="RoomSequence"/> says to do with a live entry.</summary>
internal enum LiveDecision
{
    /// <summary>The entry follows the last one routed: route it.</summary>
    Route,

    /// <summary>Entries of the room lie between the last one routed and this one: read them from the log, route
    /// them, then this one.</summary>
    FillGap,

    /// <summary>Routed already (a replay of the gap fill, or stored before the room was followed): drop it.</summary>
    Drop,
}
