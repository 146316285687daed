namespace Ladder.ChatNode.Access;

/// <summary>Who may join (and so read) the rooms of a namespace.</summary>
internal enum JoinRule
{
    /// <summary>Anyone signed in, as every v1 room.</summary>
    Open,

    /// <summary>Only a user holding a grant for the room (the token's <c>rooms</c> claim or a grant token).</summary>
    Grant,

    /// <summary>A user holding a grant, as <see cref="Grant"/>; for anyone else the node asks the app's backend at the
    /// namespace's <see cref="NamespacePolicy.JoinHook"/> (see <see cref="JoinHook"/>).</summary>
    Hook,
}
