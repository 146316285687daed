namespace Ladder.ChatNode.Access;

/// <summary>A join hook's answer: <c>{"allow":true,"send":true,"ttlSeconds":30}</c> or <c>{"allow":false,"reason":"…"}</c>.
/// Without <c>allow</c> it is malformed (the user is refused, <c>hook_unavailable</c>); without <c>send</c> the user
/// reads only.</summary>
internal sealed record JoinHookAnswer(bool? Allow, bool? Send, int? TtlSeconds, string? Reason);
