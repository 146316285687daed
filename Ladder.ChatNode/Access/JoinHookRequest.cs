namespace Ladder.ChatNode.Access;

/// <summary>The body the node POSTs to a join hook.</summary>
internal sealed record JoinHookRequest(string User, string Room);
