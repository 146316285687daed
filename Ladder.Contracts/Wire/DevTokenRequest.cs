namespace Ladder.Contracts.Wire;

public sealed record DevTokenRequest(string User);
