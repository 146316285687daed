namespace Ladder.Contracts.Wire;

public sealed record DevTokenResponse(string Token, DateTimeOffset ExpiresAt);
