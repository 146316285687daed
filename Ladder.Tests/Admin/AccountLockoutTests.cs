using Ladder.Admin.Services;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.Admin;

/// <summary>
/// The console's sign-in against the platform's PostgreSQL: hashed passwords, roles, and throttling per client address
/// and per (account, address) at the edges of each limit. Nothing locks an account for an address that never failed.
/// </summary>
[Collection(LadderCollection.Name)]
public sealed class AccountLockoutTests(LadderAppFixture fixture)
{
    private const string Password = "correct horse battery staple";
    // Whole seconds: PostgreSQL keeps microseconds, and the edges below are asserted to the tick.
    private static readonly DateTimeOffset Start = new(DateTimeOffset.UtcNow.UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);

    [Fact]
    public async Task WrongPasswordsBlockThatAddressForThatAccountOnly()
    {
        await using var stores = await PlatformStores.OpenAsync(fixture);
        var console = new ConsoleStores(stores.Database, Settings(maxFailures: 3));
        var user = await NewModeratorAsync(console);
        var attacker = ConsoleStores.NewAddress();
        var owner = ConsoleStores.NewAddress();

        Assert.Equal(SignInOutcome.Failed, (await console.Accounts.SignInAsync(user, "wrong", attacker, CancellationToken.None)).Outcome);
        Assert.Equal(SignInOutcome.Failed, (await console.Accounts.SignInAsync(user, "wrong", attacker, CancellationToken.None)).Outcome);
        var third = await console.Accounts.SignInAsync(user, "wrong", attacker, CancellationToken.None);
        Assert.Equal(SignInOutcome.Throttled, third.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(5), third.RetryAfter);
        // The right password does not help the blocked address, and is not even checked...
        Assert.Equal(SignInOutcome.Throttled, (await console.Accounts.SignInAsync(user, Password, attacker, CancellationToken.None)).Outcome);
        // ...while the owner, from an address that never failed, signs in as usual.
        Assert.Equal(SignInOutcome.Succeeded, (await console.Accounts.SignInAsync(user, Password, owner, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task BlockEndsExactlyAfterTheLockoutDuration()
    {
        await using var stores = await PlatformStores.OpenAsync(fixture);
        var clock = new ManualClock(Start);
        var console = new ConsoleStores(stores.Database, Settings(maxFailures: 2, lockout: TimeSpan.FromMinutes(2)), clock);
        var user = await NewModeratorAsync(console);
        var address = ConsoleStores.NewAddress();

        await console.Accounts.SignInAsync(user, "wrong", address, CancellationToken.None);
        Assert.Equal(SignInOutcome.Throttled, (await console.Accounts.SignInAsync(user, "wrong", address, CancellationToken.None)).Outcome);

        clock.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1));
        var almost = await console.Accounts.SignInAsync(user, Password, address, CancellationToken.None);
        Assert.Equal(SignInOutcome.Throttled, almost.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(1), almost.RetryAfter);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SignInOutcome.Succeeded, (await console.Accounts.SignInAsync(user, Password, address, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task FailuresOlderThanTheWindowAreForgotten()
    {
        await using var stores = await PlatformStores.OpenAsync(fixture);
        var clock = new ManualClock(Start);
        var console = new ConsoleStores(stores.Database, Settings(maxFailures: 3, window: TimeSpan.FromMinutes(10)), clock);
        var user = await NewModeratorAsync(console);
        var address = ConsoleStores.NewAddress();

        await console.Accounts.SignInAsync(user, "wrong", address, CancellationToken.None);
        await console.Accounts.SignInAsync(user, "wrong", address, CancellationToken.None);
        // One second before the window ends the third failure still counts and blocks.
        clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Equal(SignInOutcome.Throttled, (await console.Accounts.SignInAsync(user, "wrong", address, CancellationToken.None)).Outcome);

        // A second series: two failures, then the window passes; the next failure starts over at one.
        var address2 = ConsoleStores.NewAddress();
        await console.Accounts.SignInAsync(user, "wrong", address2, CancellationToken.None);
        await console.Accounts.SignInAsync(user, "wrong", address2, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(SignInOutcome.Failed, (await console.Accounts.SignInAsync(user, "wrong", address2, CancellationToken.None)).Outcome);
        Assert.Equal(SignInOutcome.Failed, (await console.Accounts.SignInAsync(user, "wrong", address2, CancellationToken.None)).Outcome);
        Assert.Equal(SignInOutcome.Throttled, (await console.Accounts.SignInAsync(user, "wrong", address2, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task AnAddressGuessingManyAccountsIsBlockedForAllOfThemAndNobodyElse()
    {
        await using var stores = await PlatformStores.OpenAsync(fixture);
        var console = new ConsoleStores(stores.Database, Settings(maxFailures: 5, maxPerAddress: 4));
        var user = await NewModeratorAsync(console);
        var sprayer = ConsoleStores.NewAddress();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(SignInOutcome.Failed, (await console.Accounts.SignInAsync(ConsoleStores.NewUser("spray"), "guess", sprayer, CancellationToken.None)).Outcome);
        }

        Assert.Equal(SignInOutcome.Throttled, (await console.Accounts.SignInAsync(ConsoleStores.NewUser("spray"), "guess", sprayer, CancellationToken.None)).Outcome);
        Assert.Equal(SignInOutcome.Throttled, (await console.Accounts.SignInAsync(user, Password, sprayer, CancellationToken.None)).Outcome);
        Assert.Equal(SignInOutcome.Succeeded, (await console.Accounts.SignInAsync(user, Password, ConsoleStores.NewAddress(), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task SignInsFailuresAndThrottlesAreAudited()
    {
        await using var stores = await PlatformStores.OpenAsync(fixture);
        var console = new ConsoleStores(stores.Database, Settings(maxFailures: 1));
        var user = await NewModeratorAsync(console);
        var address = ConsoleStores.NewAddress();
        var elsewhere = ConsoleStores.NewAddress();

        await console.Accounts.SignInAsync(user, Password, elsewhere, CancellationToken.None);
        await console.Accounts.SignInAsync(user, "wrong", address, CancellationToken.None);
        await console.Accounts.SignInAsync(user, "wrong", address, CancellationToken.None);

        Assert.Equal($"{user}|sign-in||{user}||from {elsewhere}", await stores.AuditAsync("sign-in", null, user));
        Assert.Equal($"{user}|sign-in-failed||{user}||from {address}; blocked for 300 s", await stores.AuditAsync("sign-in-failed", null, user));
        Assert.StartsWith($"{user}|sign-in-throttled||{user}||from {address}; blocked for ", await stores.AuditAsync("sign-in-throttled", null, user));
    }

    [Fact]
    public async Task PasswordsAreStoredHashedAndPlainUsersCannotSignIn()
    {
        await using var stores = await PlatformStores.OpenAsync(fixture);
        var console = new ConsoleStores(stores.Database, Settings(maxFailures: 5));
        var user = ConsoleStores.NewUser("usr");
        var address = ConsoleStores.NewAddress();
        Assert.True(await console.Accounts.CreateAsync(user, "Plain user", "user", Password, CancellationToken.None));
        Assert.False(await console.Accounts.CreateAsync(user, "Again", "admin", "another password", CancellationToken.None));

        await using var command = stores.Database.CreateCommand("SELECT password_hash, role FROM accounts WHERE user_name = $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = user });
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.DoesNotContain(Password, reader.GetString(0), StringComparison.Ordinal);
            Assert.Equal("user", reader.GetString(1));
        }

        Assert.Equal(SignInOutcome.Failed, (await console.Accounts.SignInAsync(user, Password, address, CancellationToken.None)).Outcome);
        Assert.Equal(SignInOutcome.Failed, (await console.Accounts.SignInAsync("nobody-" + user, Password, address, CancellationToken.None)).Outcome);
    }

    private static async Task<string> NewModeratorAsync(ConsoleStores console)
    {
        var user = ConsoleStores.NewUser("mod");
        Assert.True(await console.Accounts.CreateAsync(user, "Test moderator", ConsoleRoles.Moderator, Password, CancellationToken.None));
        return user;
    }

    private static AdminOptions Settings(int maxFailures, int maxPerAddress = 20, TimeSpan? window = null, TimeSpan? lockout = null) => new()
    {
        InitialPassword = "unused-here",
        MaxFailedSignIns = maxFailures,
        MaxFailedSignInsPerAddress = maxPerAddress,
        FailureWindow = window ?? TimeSpan.FromMinutes(15),
        LockoutDuration = lockout ?? TimeSpan.FromMinutes(5),
    };
}
