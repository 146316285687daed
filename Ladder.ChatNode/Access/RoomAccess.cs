using Ladder.ChatNode.Auth;
using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.Protocol;
using Ladder.Contracts.Names;
using Ladder.Contracts.Wire;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Access;

/// <summary>
/// The one place that decides who may read, post to and type in a room: every path asks it (a <c>join</c>, a
/// <c>hello</c> resume, an SSE stream's rooms, <c>history</c> and <c>GET /rooms/{room}/messages</c>, <c>send</c> and
/// <c>POST</c>, <c>typing</c>). It decides from what the node already holds (the namespace's policy, the token's
/// <c>rooms</c> claim, grant tokens already verified), so a decision costs no network round trip, and completes
/// synchronously; the one exception is a room of a <see cref="JoinRule.Hook"/> namespace entered without a grant, where
/// the app's backend answers (<see cref="JoinHook"/>, cached per user and room).
/// </summary>
/// <remarks>Rooms without a namespace are open, as in v1. <c>dm:a,b</c> admits exactly <c>a</c> and <c>b</c>, whatever
/// grants say. Other namespaces follow their configured <see cref="NamespacePolicy"/>; a namespace the node is not
/// configured with is refused (<c>unknown_namespace</c>) rather than treated as open, so a name typed before its
/// configuration is deployed does not become a public room.</remarks>
internal sealed class RoomAccess(IOptions<ChatOptions> options, JoinHook hook, TimeProvider time)
{
    private static readonly AccessDecision OpenDecision = new(NamespacePolicy.Open, null, null);

    private readonly Dictionary<string, NamespacePolicy> namespaces = new(options.Value.Namespaces, StringComparer.Ordinal);

    /// <summary>The policy of <paramref name="room"/>'s namespace; the open one for a v1 room or an unknown namespace.</summary>
    public NamespacePolicy PolicyOf(string room) =>
        RoomNames.NamespaceOf(room) is { } ns && Policy(ns) is { } policy ? policy : NamespacePolicy.Open;

    /// <summary>What <paramref name="user"/> may do in <paramref name="room"/>. Completes at once (no Task) unless the
    /// room's namespace has a join hook and the user no grant for the room; then the hook's answer decides, usually
    /// from its cache.</summary>
    public ValueTask<AccessDecision> DecideAsync(ChatUser user, string room, IEnumerable<RoomGrant> presented) =>
        DecideLocally(user, room, presented) is { } decided ? new(decided) : DecideByHookAsync(user, room);

    /// <summary>Null when the user may read the room (join, resume, stream, page its history), else the refusal.</summary>
    public ValueTask<FrameError?> ReadRefusalAsync(ChatUser user, string room, IEnumerable<RoomGrant> presented) =>
        Refusal(DecideAsync(user, room, presented), room, "may not read", static decision => decision.ReadRefusedBecause);

    /// <summary>Null when the user may post to the room, else the refusal.</summary>
    public ValueTask<FrameError?> SendRefusalAsync(ChatUser user, string room, IEnumerable<RoomGrant> presented) =>
        Refusal(DecideAsync(user, room, presented), room, "may not post to", static decision => decision.ReadRefusedBecause ?? decision.SendRefusedBecause);

    /// <summary>Null when the user may send typing signals to the room (they may read it, and typing is on).</summary>
    public ValueTask<FrameError?> TypingRefusalAsync(ChatUser user, string room, IEnumerable<RoomGrant> presented) =>
        Refusal(DecideAsync(user, room, presented), room, "may not type in",
            static decision => decision.ReadRefusedBecause ?? (decision.Policy.Typing ? null : ForbiddenReasons.TypingOff));

    /// <summary>Null when the server API may post to the room: any room a client could name (a v1 room, a dm, every
    /// configured namespace, <c>Server</c> ones being what it is for); a namespace not configured stays refused.</summary>
    public FrameError? ServerSendRefusal(string room) =>
        RoomNames.NamespaceOf(room) is { } ns && Policy(ns) is null ? Forbidden(room, ForbiddenReasons.UnknownNamespace, "may not post to") : null;

    public static FrameError Forbidden(string room, string reason, string what) =>
        new(ErrorCodes.Forbidden, $"{what} '{room}': {reason}", Reason: reason, Room: room);

    /// <summary>The decision from what the node holds; null when only the namespace's join hook can tell.</summary>
    private AccessDecision? DecideLocally(ChatUser user, string room, IEnumerable<RoomGrant> presented)
    {
        if (RoomNames.NamespaceOf(room) is not { } ns)
        {
            return OpenDecision;
        }

        if (Policy(ns) is not { } policy)
        {
            return Refused(NamespacePolicy.Open, ForbiddenReasons.UnknownNamespace);
        }

        if (ns == RoomNames.DirectMessages)
        {
            var users = RoomNames.DirectMessageUsers(room);
            return users is { } pair && (pair.First == user.Id || pair.Second == user.Id)
                ? new AccessDecision(policy, null, policy.Send == SendRule.Server ? ForbiddenReasons.ServerOnly : null)
                : Refused(policy, ForbiddenReasons.NotAParticipant);
        }

        // A grant decides without the hook, so an app that mints grants for its hot paths pays no round trip.
        var grant = BestGrant(user, room, presented);
        return (policy.Join, grant) switch
        {
            (JoinRule.Hook, null) => null,
            (JoinRule.Grant, null) => Refused(policy, ForbiddenReasons.GrantRequired),
            _ => Admitted(policy, grant?.Send == true),
        };
    }

    private async ValueTask<AccessDecision> DecideByHookAsync(ChatUser user, string room)
    {
        var policy = PolicyOf(room);
        var verdict = await hook.AskAsync(policy.JoinHook!, user.Id, room);
        return verdict.RefusedBecause is { } reason ? Refused(policy, reason) : Admitted(policy, verdict.Send);
    }

    /// <summary>The decision for a user let in, by a grant or the hook (<paramref name="grantedSend"/>: it allows posting).</summary>
    private static AccessDecision Admitted(NamespacePolicy policy, bool grantedSend) => new(policy, null, policy.Send switch
    {
        SendRule.Server => ForbiddenReasons.ServerOnly,
        // A read-only grant says read only, even where members may post.
        SendRule.Members when policy.Join == JoinRule.Open || grantedSend => null,
        SendRule.Grant when grantedSend => null,
        _ => ForbiddenReasons.SendGrantRequired,
    });

    // Static methods with parameters rather than local functions: a closure over room and what would be allocated on
    // every decision, the synchronous ones included.
    private static ValueTask<FrameError?> Refusal(ValueTask<AccessDecision> pending, string room, string what, Func<AccessDecision, string?> reasonOf) =>
        pending.IsCompletedSuccessfully ? new(RefusalOf(pending.Result, room, what, reasonOf)) : RefusalAsync(pending, room, what, reasonOf);

    private static async ValueTask<FrameError?> RefusalAsync(ValueTask<AccessDecision> pending, string room, string what, Func<AccessDecision, string?> reasonOf) =>
        RefusalOf(await pending, room, what, reasonOf);

    private static FrameError? RefusalOf(AccessDecision decision, string room, string what, Func<AccessDecision, string?> reasonOf) =>
        reasonOf(decision) is { } reason ? Forbidden(room, reason, what) : null;

    private NamespacePolicy? Policy(string ns) =>
        namespaces.TryGetValue(ns, out var policy) ? policy
        // Direct messages need no configuration; configuring dm changes its presence, typing and limits.
        : ns == RoomNames.DirectMessages ? NamespacePolicy.Open
        : null;

    /// <summary>The unexpired grant matching the room that allows most (sending over reading).</summary>
    private RoomGrant? BestGrant(ChatUser user, string room, IEnumerable<RoomGrant> presented)
    {
        var now = time.GetUtcNow();
        RoomGrant? best = null;
        foreach (var grant in user.Rooms.Concat(presented))
        {
            if (grant.ExpiresAt > now && grant.Matches(room) && (best is null || (grant.Send && !best.Send)))
            {
                best = grant;
            }
        }

        return best;
    }

    private static AccessDecision Refused(NamespacePolicy policy, string reason) => new(policy, reason, reason);
}
