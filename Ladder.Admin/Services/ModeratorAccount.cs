namespace Ladder.Admin.Services;

/// <summary>A console account: the subject of <see cref="Microsoft.AspNetCore.Identity.PasswordHasher{TUser}"/>.</summary>
public sealed record ModeratorAccount(string UserName, string Role);
