using Ladder.Admin.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ladder.Tests.Admin;

/// <summary>The console's account, session and throttle stores over the platform's PostgreSQL, with settings and a
/// clock of the test's choosing.</summary>
internal sealed class ConsoleStores
{
    public ConsoleStores(NpgsqlDataSource database, AdminOptions? options = null, TimeProvider? time = null)
    {
        var settings = Options.Create(options ?? new AdminOptions { InitialPassword = "unused-here" });
        time ??= TimeProvider.System;
        Audit = new ConsoleAuditLog(database, time);
        Throttle = new SignInThrottle(database, settings, time);
        Accounts = new AccountStore(database, new PasswordHasher<ModeratorAccount>(), Throttle, Audit, time, NullLogger<AccountStore>.Instance);
        Sessions = new ConsoleSessions(database, Audit, settings, time, NullLogger<ConsoleSessions>.Instance);
        Directory = new AccountDirectory(database, Accounts, Sessions, Audit);
    }

    public ConsoleAuditLog Audit { get; }

    public SignInThrottle Throttle { get; }

    public AccountStore Accounts { get; }

    public ConsoleSessions Sessions { get; }

    public AccountDirectory Directory { get; }

    /// <summary>A fresh user name (the tests share the platform's accounts table).</summary>
    public static string NewUser(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    /// <summary>A fresh address from 10.0.0.0/8, so no other test's failures count against it.</summary>
    public static string NewAddress() => $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";
}
