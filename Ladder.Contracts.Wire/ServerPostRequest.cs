namespace Ladder.Contracts.Wire;

/// <summary>Body of the server API's <c>POST /api/v1/rooms/{room}/messages</c>.</summary>
/// <param name="As"><c>system</c> (the default when absent) or <c>bot:&lt;name&gt;</c>, name 1–60 of <c>[A-Za-z0-9_.-]</c>.</param>
/// <param name="Text">As a <c>send</c>'s text.</param>
/// <param name="ClientMsgId">As a <c>send</c>'s; the idempotency key is (room, <paramref name="As"/>, clientMsgId).</param>
public sealed record ServerPostRequest(string? As, string? Text, string? ClientMsgId);
