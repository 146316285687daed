namespace Ladder.Contracts.Wire;

/// <summary>The body of every HTTP error of a chat node.</summary>
public sealed record HttpError(string Code, string Message, long? RetryAfterMs = null);
