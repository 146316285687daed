namespace Ladder.Admin.Services;

/// <summary>One console account as the accounts page lists it.</summary>
public sealed record ConsoleAccount(
    string UserName,
    string? DisplayName,
    string Role,
    bool Disabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSignInAt);
