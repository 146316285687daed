namespace Ladder.Admin.Services;

/// <summary>What the problems panel shows; <see cref="Unavailable"/> says why there is nothing when the dashboard
/// could not be read (none configured, unreachable, refused the key).</summary>
public sealed record TelemetryReport(
    DateTimeOffset At,
    IReadOnlyList<TelemetryProblem> Problems,
    IReadOnlyList<SlowTrace> SlowTraces,
    string? Unavailable)
{
    public static TelemetryReport NotRead(string reason) => new(DateTimeOffset.MinValue, [], [], reason);
}
