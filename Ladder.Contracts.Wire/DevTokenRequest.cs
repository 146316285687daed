namespace Ladder.Contracts.Wire;

/// <summary>Body of <c>POST /dev/token</c> (only on nodes with development tokens enabled).</summary>
/// <param name="User">The user name the token is for.</param>
public sealed record DevTokenRequest(string User);
