using Ladder.Admin.Services;
using Ladder.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ladder.Tests.Admin;

/// <summary>The console's account store against the platform's PostgreSQL: hashed passwords, lockout, roles.</summary>
[Collection(LadderCollection.Name)]
public sealed class AccountLockoutTests(LadderAppFixture fixture)
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task RepeatedWrongPasswordsLockTheAccountEvenForTheRightPassword()
    {
        await using var stores = await PlatformStores.OpenAsync(fixture);
        var accounts = Store(stores, maxFailures: 3);
        var user = $"mod-{Guid.NewGuid():N}"[..16];
        Assert.True(await accounts.CreateAsync(user, "Test moderator", "moderator", Password, CancellationToken.None));

        Assert.Equal(SignInOutcome.Succeeded, (await accounts.SignInAsync(user, Password, CancellationToken.None)).Outcome);
        Assert.Equal(SignInOutcome.Failed, (await accounts.SignInAsync(user, "wrong", CancellationToken.None)).Outcome);
        Assert.Equal(SignInOutcome.Failed, (await accounts.SignInAsync(user, "wrong", CancellationToken.None)).Outcome);
        Assert.Equal(SignInOutcome.LockedOut, (await accounts.SignInAsync(user, "wrong", CancellationToken.None)).Outcome);
        Assert.Equal(SignInOutcome.LockedOut, (await accounts.SignInAsync(user, Password, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task PasswordsAreStoredHashedAndPlainUsersCannotSignIn()
    {
        await using var stores = await PlatformStores.OpenAsync(fixture);
        var accounts = Store(stores, maxFailures: 5);
        var user = $"usr-{Guid.NewGuid():N}"[..16];
        Assert.True(await accounts.CreateAsync(user, "Plain user", "user", Password, CancellationToken.None));
        Assert.False(await accounts.CreateAsync(user, "Again", "admin", "another password", CancellationToken.None));

        await using var command = stores.Database.CreateCommand("SELECT password_hash, role FROM accounts WHERE user_name = $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = user });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.DoesNotContain(Password, reader.GetString(0), StringComparison.Ordinal);
        Assert.Equal("user", reader.GetString(1));

        Assert.Equal(SignInOutcome.Failed, (await accounts.SignInAsync(user, Password, CancellationToken.None)).Outcome);
        Assert.Equal(SignInOutcome.Failed, (await accounts.SignInAsync("nobody-" + user, Password, CancellationToken.None)).Outcome);
    }

    private static AccountStore Store(PlatformStores stores, int maxFailures) => new(
        stores.Database,
        new PasswordHasher<ModeratorAccount>(),
        Options.Create(new AdminOptions { InitialPassword = "unused-here", MaxFailedSignIns = maxFailures }),
        TimeProvider.System,
        NullLogger<AccountStore>.Instance);
}
