namespace Ladder.Admin.Services;

/// <summary>One server API key as the API keys page lists it (never its secret, which is not stored).</summary>
public sealed record ApiKeyInfo(
    string Id,
    string Name,
    IReadOnlyList<string> Scopes,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt);
