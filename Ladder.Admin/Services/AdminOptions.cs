using System.ComponentModel.DataAnnotations;

namespace Ladder.Admin.Services;

/// <summary>The admin console's settings (section <c>Admin</c>).</summary>
public sealed record AdminOptions
{
    public const string Section = "Admin";

    /// <summary>The first administrator's password (the AppHost's <c>admin-password</c> parameter); used once, to create
    /// the <c>admin</c> account when it does not exist.</summary>
    [Required, MinLength(8)]
    public string InitialPassword { get; init; } = "";

    /// <summary>The Aspire dashboard, for links into its traces and metrics.</summary>
    [Required, Url]
    public string DashboardUrl { get; init; } = "http://127.0.0.1:18888";

    /// <summary>How often the live views are refreshed while someone watches them.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Wrong passwords in a row before an account is locked.</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; init; } = 5;

    /// <summary>How long an account stays locked after <see cref="MaxFailedSignIns"/> wrong passwords.</summary>
    public TimeSpan LockoutDuration { get; init; } = TimeSpan.FromMinutes(5);
}
