namespace Ladder.ChatNode.Access;

/// <summary>Who may post to the rooms of a namespace.</summary>
internal enum SendRule
{
    /// <summary>Whoever may read the room, unless a read-only grant is what let them in.</summary>
    Members,

    /// <summary>Only a user whose grant for the room allows sending.</summary>
    Grant,

    /// <summary>No client: only the app's backend (the server API).</summary>
    Server,
}
