namespace Ladder.Contracts.Wire;

/// <summary>Body of <c>POST /rooms/{room}/messages</c> (the SSE transport's send; needs no join).</summary>
/// <param name="ClientMsgId">The idempotency key, as in <see cref="SendFrame"/>.</param>
/// <param name="Text">The message text.</param>
public sealed record PostMessageRequest(string ClientMsgId, string Text);
