namespace Ladder.Contracts.Wire;

/// <summary>Body of <c>POST /rooms/{room}/messages</c>.</summary>
public sealed record PostMessageRequest(string ClientMsgId, string Text);
