using Ladder.Contracts.State;
using StackExchange.Redis;

namespace Ladder.ChatNode.Moderation;

/// <summary>
/// The sanctions that refuse a send: a ban, a mute in the room or everywhere, a closed room. In Redis they are checked
/// by the start of the send gate's script (<see cref="ScriptCheck"/>), so a send costs one round trip with its rate
/// limit; when Redis cannot answer, this node's own cache decides bans (<see cref="LocalRefusal"/>).
/// </summary>
internal sealed class SendSanctions(LocalModerationCache local)
{
    /// <summary>
    /// Lua for the start of a script whose first keys are <see cref="Keys"/>: returns <c>{0, 0, reason}</c> if a
    /// sanction applies, and goes on to the rest of the script otherwise. Checked before anything else, so a refused
    /// send spends none of the user's budget.
    /// </summary>
    public const string ScriptCheck = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return {0, 0, 'banned'} end
        if redis.call('EXISTS', KEYS[2]) == 1 or redis.call('EXISTS', KEYS[3]) == 1 then return {0, 0, 'muted'} end
        if redis.call('EXISTS', KEYS[4]) == 1 then return {0, 0, 'closed'} end
        """;

    /// <summary>The keys <see cref="ScriptCheck"/> reads, <c>KEYS[1]</c> to <c>KEYS[4]</c>.</summary>
    public static RedisKey[] Keys(string user, string room) =>
        [RedisKeys.Ban(user), RedisKeys.Mute(user, room), RedisKeys.Mute(user, null), RedisKeys.ClosedRoom(room)];

    /// <summary>Why the send is refused, for the reason <see cref="ScriptCheck"/> returned; null for any other.</summary>
    public static string? Refusal(string? reason, string room) => reason switch
    {
        "banned" => "you are banned",
        "muted" => $"you are muted in '{room}'",
        "closed" => $"room '{room}' is closed",
        _ => null,
    };

    /// <summary>Why the send is refused by what this node heard (bans only: mutes and closed rooms are in Redis
    /// alone); null if nothing it heard refuses it.</summary>
    public string? LocalRefusal(string user) => local.IsBanned(user) ? Refusal("banned", "") : null;
}
