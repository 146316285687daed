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
/// <c>rooms</c> claim, grant tokens already verified), so a decision costs no network round trip.
/// </summary>
/// <remarks>Rooms without a namespace are open, as in v1. <c>dm:a,b</c> admits exactly <c>a</c> and <c>b</c>, whatever
/// grants say. Other namespaces follow their configured <see cref="NamespacePolicy"/>; a namespace the node is not
/// configured with is refused (<c>unknown_namespace</c>) rather than treated as open, so a name typed before its
/// configuration is deployed does not become a public room.</remarks>
internal sealed class RoomAccess(IOptions<ChatOptions> options, TimeProvider time)
{
    private readonly Dictionary<string, NamespacePolicy> namespaces = new(options.Value.Namespaces, StringComparer.Ordinal);

    /// <summary>The policy of <paramref name="room"/>'s namespace; the open one for a v1 room or an unknown namespace.</summary>
    public NamespacePolicy PolicyOf(string room) =>
        RoomNames.NamespaceOf(room) is { } ns && Policy(ns) is { } policy ? policy : NamespacePolicy.Open;

    public AccessDecision Decide(ChatUser user, string room, IEnumerable<RoomGrant> presented)
    {
        if (RoomNames.NamespaceOf(room) is not { } ns)
        {
            return new AccessDecision(NamespacePolicy.Open, null, null);
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

        var grant = BestGrant(user, room, presented);
        if (policy.Join == JoinRule.Grant && grant is null)
        {
            return Refused(policy, ForbiddenReasons.GrantRequired);
        }

        var send = policy.Send switch
        {
            SendRule.Server => ForbiddenReasons.ServerOnly,
            // A read-only grant says read only, even where members may post.
            SendRule.Members when policy.Join == JoinRule.Open || grant!.Send => null,
            SendRule.Grant when grant?.Send == true => null,
            _ => ForbiddenReasons.SendGrantRequired,
        };
        return new AccessDecision(policy, null, send);
    }

    /// <summary>Null when the user may read the room (join, resume, stream, page its history), else the refusal.</summary>
    public FrameError? ReadRefusal(ChatUser user, string room, IEnumerable<RoomGrant> presented) =>
        Decide(user, room, presented) is { ReadRefusedBecause: { } reason } ? Forbidden(room, reason, "may not read") : null;

    /// <summary>Null when the user may post to the room, else the refusal.</summary>
    public FrameError? SendRefusal(ChatUser user, string room, IEnumerable<RoomGrant> presented)
    {
        var decision = Decide(user, room, presented);
        var reason = decision.ReadRefusedBecause ?? decision.SendRefusedBecause;
        return reason is null ? null : Forbidden(room, reason, "may not post to");
    }

    /// <summary>Null when the server API may post to the room: any room a client could name (a v1 room, a dm, every
    /// configured namespace, <c>Server</c> ones being what it is for); a namespace not configured stays refused.</summary>
    public FrameError? ServerSendRefusal(string room) =>
        RoomNames.NamespaceOf(room) is { } ns && Policy(ns) is null ? Forbidden(room, ForbiddenReasons.UnknownNamespace, "may not post to") : null;

    /// <summary>Null when the user may send typing signals to the room (they may read it, and typing is on).</summary>
    public FrameError? TypingRefusal(ChatUser user, string room, IEnumerable<RoomGrant> presented)
    {
        var decision = Decide(user, room, presented);
        var reason = decision.ReadRefusedBecause ?? (decision.Policy.Typing ? null : ForbiddenReasons.TypingOff);
        return reason is null ? null : Forbidden(room, reason, "may not type in");
    }

    public static FrameError Forbidden(string room, string reason, string what) =>
        new(ErrorCodes.Forbidden, $"{what} '{room}': {reason}", Reason: reason, Room: room);

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
