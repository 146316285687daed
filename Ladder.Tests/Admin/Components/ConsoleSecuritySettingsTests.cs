using System.ComponentModel.DataAnnotations;
using System.Net;
using Ladder.Admin.Extensions;
using Ladder.Admin.Services;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace Ladder.Tests.Admin.Components;

/// <summary>The console's security settings: the cookie's attributes, the limits' bounds, the throttled address.</summary>
public sealed class ConsoleSecuritySettingsTests
{
    [Fact]
    public void TheCookieIsSecureWheneverTheRequestIsAndAlwaysWhenConfigured()
    {
        var cookie = new CookieAuthenticationOptions();
        ConsoleCookie.Configure(cookie, new AdminOptions { InitialPassword = "not-used-here" });
        Assert.Equal(CookieSecurePolicy.SameAsRequest, cookie.Cookie.SecurePolicy);
        Assert.True(cookie.Cookie.HttpOnly);
        Assert.Equal(SameSiteMode.Strict, cookie.Cookie.SameSite);

        var behindProxy = new CookieAuthenticationOptions();
        ConsoleCookie.Configure(behindProxy, new AdminOptions { InitialPassword = "not-used-here", CookieSecurePolicy = CookieSecurePolicy.Always });
        Assert.Equal(CookieSecurePolicy.Always, behindProxy.Cookie.SecurePolicy);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(30, true)]
    [InlineData(31, false)]
    [InlineData(0, false)]
    public void RevalidationIsAtMostThirtySeconds(int seconds, bool valid) =>
        Assert.Equal(valid, IsValid(new AdminOptions { InitialPassword = "not-used-here", RevalidationInterval = TimeSpan.FromSeconds(seconds) }));

    [Theory]
    [InlineData(0, true)]
    [InlineData(300, true)]
    [InlineData(301, false)]
    [InlineData(-1, false)]
    public void SessionStoreGraceIsAtMostFiveMinutes(int seconds, bool valid) =>
        Assert.Equal(valid, IsValid(new AdminOptions { InitialPassword = "not-used-here", SessionStoreGrace = TimeSpan.FromSeconds(seconds) }));

    [Theory]
    [InlineData(0, true)]
    [InlineData(1800, true)]
    [InlineData(1801, false)]
    public void StartupGraceIsAtMostThirtyMinutes(int seconds, bool valid) =>
        Assert.Equal(valid, IsValid(new AdminOptions { InitialPassword = "not-used-here", StartupGrace = TimeSpan.FromSeconds(seconds) }));

    [Fact]
    public void DefaultsKeepThePromises()
    {
        var defaults = new AdminOptions { InitialPassword = "not-used-here" };
        Assert.True(IsValid(defaults));
        Assert.Equal(TimeSpan.FromSeconds(10), defaults.RevalidationInterval);
        Assert.Equal(5, defaults.MaxFailedSignIns);
        Assert.Equal(20, defaults.MaxFailedSignInsPerAddress);
        Assert.False(IsValid(defaults with { MaxFailedSignInsPerAddress = 0 }));
    }

    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("::1", "::1")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::9", "2001:db8:1:2::/64")]
    public void FailuresCountPerIPv4AddressAndPerIPv6Slash64(string address, string counted) =>
        Assert.Equal(counted, ClientAddress.Of(IPAddress.Parse(address)));

    private static bool IsValid(AdminOptions options) =>
        Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true);
}
