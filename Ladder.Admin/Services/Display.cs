using System.Globalization;

namespace Ladder.Admin.Services;

/// <summary>How the console writes numbers and times: invariant, UTC, compact.</summary>
public static class Display
{
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB"),
    };

    public static string Time(DateTimeOffset? time) =>
        time is { } value && value != DateTimeOffset.MinValue ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z" : "—";

    public static string Until(DateTimeOffset? until) => until is null ? "for good" : "until " + Time(until);

    public static string Rate(double perSecond) => perSecond.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan span) =>
        span.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} minutes") : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0} seconds");

    public static string Milliseconds(TimeSpan span) => span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Number(ulong value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The Aspire dashboard's page for one resource's traces, metrics or structured logs.</summary>
    public static string DashboardLink(string dashboardUrl, string page, string? resource = null) =>
        dashboardUrl.TrimEnd('/') + "/" + page + (resource is null ? "" : "/resource/" + Uri.EscapeDataString(resource));
}
