using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;

namespace Ladder.Admin.Services;

/// <summary>The admin console's settings (section <c>Admin</c>).</summary>
public sealed record AdminOptions
{
    public const string Section = "Admin";

    /// <summary>The first administrator's password (the AppHost's <c>admin-password</c> parameter); used once, to create
    /// the <c>admin</c> account when it does not exist.</summary>
    [Required, MinLength(8)]
    public string InitialPassword { get; init; } = "";

    /// <summary>False for a platform run without an Aspire dashboard (the AppHost's tests): the problems panel says so
    /// without trying to reach one.</summary>
    public bool DashboardEnabled { get; init; } = true;

    /// <summary>The Aspire dashboard, for links into its traces and metrics (the AppHost sets it to its dashboard).</summary>
    [Required, Url]
    public string DashboardUrl { get; init; } = "http://127.0.0.1:18888";

    /// <summary>The dashboard's telemetry API, when it is not at <see cref="DashboardUrl"/> (e.g. a standalone
    /// dashboard reached on another address than the one operators open).</summary>
    [Url]
    public string? DashboardApiUrl { get; init; }

    /// <summary>The dashboard's <c>Dashboard:Api:PrimaryApiKey</c>, sent as <c>X-API-Key</c>; empty for a dashboard
    /// whose API runs unsecured. A secret: set it through user secrets or the environment, never in the repo.</summary>
    public string? DashboardApiKey { get; init; }

    /// <summary>How long one read of the dashboard's telemetry may take before the panel says it is unreachable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan DashboardTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The longest the platform counts as starting after the console started: the problems panel leaves out
    /// what was logged before every source the console reads first answered, or before this much time had passed.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan StartupGrace { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the problems panel re-reads the dashboard while it is open.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TelemetryRefreshInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the live views are refreshed while someone watches them.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the live charts take a sample of the nodes' stats, the archive lag and the rooms' rates.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How far back the live charts reach; the console keeps <c>ChartWindow ÷ SampleInterval</c> samples in
    /// memory (450 by default, a few hundred KB with a handful of nodes).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "06:00:00")]
    public TimeSpan ChartWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Wrong passwords for one account from one client address before that address is blocked for that
    /// account (other addresses still sign in).</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; init; } = 5;

    /// <summary>Failed sign-ins from one client address, whatever the account, before the address is blocked.</summary>
    [Range(1, 10_000)]
    public int MaxFailedSignInsPerAddress { get; init; } = 20;

    /// <summary>Failures older than this (counted from the first of a series) are forgotten.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FailureWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a blocked address (or account and address) waits.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often an open circuit re-checks its session and account: a signed-out session, a disabled account
    /// or a changed role loses its circuits within this interval (plus one query).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:30")]
    public TimeSpan RevalidationInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an open circuit outlives a session store it cannot read (PostgreSQL restarting, the schema
    /// not applied yet at the platform's start) before it ends. Nothing can end a session while the store is unreadable,
    /// so this delays no sign-out; zero ends the circuit at the first failed read.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan SessionStoreGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest a session lives, however active (the cookie itself slides over 8 hours).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(12);

    /// <summary><see cref="CookieSecurePolicy.SameAsRequest"/> marks the cookie Secure when the request came over TLS;
    /// <see cref="CookieSecurePolicy.Always"/> behind a proxy that terminates TLS.</summary>
    public CookieSecurePolicy CookieSecurePolicy { get; init; } = CookieSecurePolicy.SameAsRequest;
}
