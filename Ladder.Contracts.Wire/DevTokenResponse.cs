namespace Ladder.Contracts.Wire;

/// <summary>Answer of <c>POST /dev/token</c>.</summary>
/// <param name="Token">A signed JWT for <c>access_token</c> or the Authorization header.</param>
/// <param name="ExpiresAt">When the token expires.</param>
public sealed record DevTokenResponse(string Token, DateTimeOffset ExpiresAt);
