using System.ComponentModel.DataAnnotations;

namespace Ladder.ChatNode.Access;

/// <summary>
/// The policy of the rooms <c>ns:…</c> of one namespace (<c>Chat:Namespaces:&lt;ns&gt;:…</c>). Rooms without a
/// namespace have the default: open to anyone signed in, every member may send, presence and typing shown, the node's
/// replay and history limits.
/// </summary>
internal sealed record NamespacePolicy
{
    /// <summary>The policy of v1 rooms, and what an unset field of a namespace falls back to.</summary>
    public static readonly NamespacePolicy Open = new();

    public JoinRule Join { get; init; } = JoinRule.Open;

    /// <summary>The app's backend asked about users without a grant when <see cref="Join"/> is <see cref="JoinRule.Hook"/>
    /// (an absolute http or https URL; required then, and only then).</summary>
    public Uri? JoinHook { get; init; }

    public SendRule Send { get; init; } = SendRule.Members;

    /// <summary>Members get <c>presence</c> frames of the room (off: none, and the room is not tracked).</summary>
    public bool Presence { get; init; } = true;

    /// <summary>Members may send <c>typing</c> (off: <c>forbidden</c>, reason <c>typing_off</c>).</summary>
    public bool Typing { get; init; } = true;

    /// <summary>Most messages a resume replays in these rooms; unset: <c>Chat:MaxReplay</c>.</summary>
    [Range(1, 1_000_000)]
    public int? MaxReplay { get; init; }

    /// <summary>Largest history page in these rooms; unset: <c>Chat:HistoryMaxLimit</c>.</summary>
    [Range(1, 200)]
    public int? HistoryMaxLimit { get; init; }
}
