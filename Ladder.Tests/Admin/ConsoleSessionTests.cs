using System.Security.Claims;
using Ladder.Admin.Services;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.Admin;

/// <summary>Server-side console sessions: what keeps a cookie (and a circuit) valid and what ends it.</summary>
[Collection(LadderCollection.Name)]
public sealed class ConsoleSessionTests(LadderAppFixture fixture)
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task SigningOutRevokesTheSessionAndOnlyThatOne()
    {
        await using var stores = await PlatformStores.OpenAsync(fixture);
        var console = new ConsoleStores(stores.Database);
        var (user, first) = await SignedInModeratorAsync(console);
        var second = await console.Sessions.StartAsync(new ModeratorAccount(user, ConsoleRoles.Moderator), "10.0.0.2", "test", CancellationToken.None);

        await console.Sessions.EndAsync(first, "10.0.0.1", CancellationToken.None);

        Assert.False(await console.Sessions.IsValidAsync(first, CancellationToken.None));
        Assert.True(await console.Sessions.IsValidAsync(second, CancellationToken.None));
        Assert.Equal($"{user}|sign-out||{user}||from 10.0.0.1", await stores.AuditAsync("sign-out", null, user));
    }

    [Fact]
    public async Task DisablingAnAccountEndsEverySessionItHolds()
    {
        await using var stores = await PlatformStores.OpenAsync(fixture);
        var console = new ConsoleStores(stores.Database);
        var (user, session) = await SignedInModeratorAsync(console);

        Assert.Null(await console.Directory.SetDisabledAsync(user, disabled: true, "admin", CancellationToken.None));

        Assert.False(await console.Sessions.IsValidAsync(session, CancellationToken.None));
        Assert.Equal(SignInOutcome.Failed, (await console.Accounts.SignInAsync(user, Password, ConsoleStores.NewAddress(), CancellationToken.None)).Outcome);
        Assert.Equal($"admin|account-disable||{user}||", await stores.AuditAsync("account-disable", null, user));

        // Enabling lets the account sign in again, but the old session stays dead.
        Assert.Null(await console.Directory.SetDisabledAsync(user, disabled: false, "admin", CancellationToken.None));
        Assert.False(await console.Sessions.IsValidAsync(session, CancellationToken.None));
        Assert.Equal(SignInOutcome.Succeeded, (await console.Accounts.SignInAsync(user, Password, ConsoleStores.NewAddress(), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task ASessionClaimingAnotherRoleThanTheAccountHasIsInvalid()
    {
        await using var stores = await PlatformStores.OpenAsync(fixture);
        var console = new ConsoleStores(stores.Database);
        var (user, session) = await SignedInModeratorAsync(console);
        var forged = new ClaimsPrincipal(new ClaimsIdentity(
            session.Claims.Where(claim => claim.Type != ClaimTypes.Role).Append(new Claim(ClaimTypes.Role, ConsoleRoles.Admin)),
            "test"));

        Assert.True(await console.Sessions.IsValidAsync(session, CancellationToken.None));
        Assert.False(await console.Sessions.IsValidAsync(forged, CancellationToken.None));

        await using var demote = stores.Database.CreateCommand("UPDATE accounts SET role = 'user' WHERE user_name = $1");
        demote.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = user });
        await demote.ExecuteNonQueryAsync();
        Assert.False(await console.Sessions.IsValidAsync(session, CancellationToken.None));
    }

    [Fact]
    public async Task ASessionEndsAtItsLifetimeHoweverActive()
    {
        await using var stores = await PlatformStores.OpenAsync(fixture);
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var clock = new ManualClock(start);
        var console = new ConsoleStores(stores.Database, new AdminOptions { InitialPassword = "unused-here", SessionLifetime = TimeSpan.FromHours(1) }, clock);
        var (_, session) = await SignedInModeratorAsync(console);

        clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        Assert.True(await console.Sessions.IsValidAsync(session, CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await console.Sessions.IsValidAsync(session, CancellationToken.None));
    }

    private static async Task<(string User, ClaimsPrincipal Session)> SignedInModeratorAsync(ConsoleStores console)
    {
        var user = ConsoleStores.NewUser("ses");
        Assert.True(await console.Accounts.CreateAsync(user, "Session test", ConsoleRoles.Moderator, Password, CancellationToken.None));
        var session = await console.Sessions.StartAsync(new ModeratorAccount(user, ConsoleRoles.Moderator), "10.0.0.1", "test", CancellationToken.None);
        return (user, session);
    }
}
