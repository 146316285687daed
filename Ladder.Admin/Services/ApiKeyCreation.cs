namespace Ladder.Admin.Services;

/// <summary>The answer to a key's creation: the key (shown once), or why it was not created.</summary>
public sealed record ApiKeyCreation(string? Key, string? Refusal);
