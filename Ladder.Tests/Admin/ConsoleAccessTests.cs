using System.Net;
using Ladder.Admin.Services;

namespace Ladder.Tests.Admin;

/// <summary>
/// The running console over HTTP: the Blazor hub needs a session, a signed-out cookie is dead on the server, roles open
/// their own pages, the cookie's attributes, and the sign-in throttle as a client sees it. On the moderation platform:
/// the throttle counts this machine's address, which the shared platform's browser tests sign in from.
/// </summary>
[Collection(ModerationCollection.Name)]
public sealed class ConsoleAccessTests(ModerationAppFixture fixture)
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task NegotiateNeedsASession()
    {
        using var anonymous = new ConsoleHttpSession(fixture.Endpoint("admin"));
        using var refused = await anonymous.NegotiateAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var user = await NewAccountAsync(ConsoleRoles.Moderator);
        using var signedIn = new ConsoleHttpSession(fixture.Endpoint("admin"));
        using var signIn = await signedIn.SignInAsync(user, Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        using var accepted = await signedIn.NegotiateAsync();
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task ACookieKeptAfterSignOutOpensNothing()
    {
        var user = await NewAccountAsync(ConsoleRoles.Moderator);
        using var session = new ConsoleHttpSession(fixture.Endpoint("admin"));
        using (await session.SignInAsync(user, Password))
        {
        }

        var copied = session.SessionCookie;
        Assert.NotNull(copied);
        using (var signOut = await session.SignOutAsync())
        {
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        }

        // Someone who copied the cookie before the sign-out replays it.
        using var replay = new ConsoleHttpSession(fixture.Endpoint("admin"));
        replay.Cookies.Add(fixture.Endpoint("admin"), new Cookie("ladder-admin", copied));
        using var negotiate = await replay.NegotiateAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
        using var page = await replay.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        await using var stores = await PlatformStores.OpenAsync(fixture);
        Assert.Equal($"{user}|sign-out||{user}||from 127.0.0.1", await stores.AuditAsync("sign-out", null, user));
        Assert.Equal($"{user}|sign-in||{user}||from 127.0.0.1", await stores.AuditAsync("sign-in", null, user));
    }

    [Fact]
    public async Task AccountsAreForAdminsOnly()
    {
        var moderator = await NewAccountAsync(ConsoleRoles.Moderator);
        var admin = await NewAccountAsync(ConsoleRoles.Admin);

        using var asModerator = new ConsoleHttpSession(fixture.Endpoint("admin"));
        using (await asModerator.SignInAsync(moderator, Password))
        {
        }

        using (var overview = await asModerator.Client.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        }

        using (var accounts = await asModerator.Client.GetAsync("/accounts"))
        {
            Assert.Equal(HttpStatusCode.Redirect, accounts.StatusCode);
            Assert.StartsWith("/account/denied", accounts.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        using var asAdmin = new ConsoleHttpSession(fixture.Endpoint("admin"));
        using (await asAdmin.SignInAsync(admin, Password))
        {
        }

        using var allowed = await asAdmin.Client.GetAsync("/accounts");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task TheCookieIsHttpOnlyStrictAndSecureOnlyOverTls()
    {
        var user = await NewAccountAsync(ConsoleRoles.Moderator);
        using var session = new ConsoleHttpSession(fixture.Endpoint("admin"));
        using var signIn = await session.SignInAsync(user, Password);

        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(value => value.StartsWith("ladder-admin=", StringComparison.Ordinal));
        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(attribute => attribute.ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        // SameAsRequest: this request came over plain HTTP (TLS would add Secure; see ConsoleCookieTests).
        Assert.DoesNotContain("secure", attributes);
    }

    [Fact]
    public async Task AThrottledAddressIsToldWhenToRetry()
    {
        // An unknown name: the (account, address) limit (5) blocks well before the address limit (20).
        var user = "ghost-" + Guid.NewGuid().ToString("N")[..10];
        using var session = new ConsoleHttpSession(fixture.Endpoint("admin"));
        for (var attempt = 1; attempt < 5; attempt++)
        {
            using var failed = await session.SignInAsync(user, "wrong");
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
            Assert.Contains("Wrong user name or password.", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var blocked = await session.SignInAsync(user, "wrong");
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(5), blocked.Headers.RetryAfter?.Delta);
        Assert.Contains("Too many failed sign-ins from your address: try again in 300 s.", await blocked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var stores = await PlatformStores.OpenAsync(fixture);
        Assert.Equal(5, await stores.CountAuditAsync("sign-in-failed", user));
    }

    private async Task<string> NewAccountAsync(string role)
    {
        await using var stores = await PlatformStores.OpenAsync(fixture);
        var user = ConsoleStores.NewUser(role[..3]);
        Assert.True(await new ConsoleStores(stores.Database).Accounts.CreateAsync(user, "Access test", role, Password, CancellationToken.None));
        return user;
    }
}
