namespace Ladder.Admin.Services;

/// <summary>What the problems panel shows; <see cref="Unavailable"/> says why there is nothing when the dashboard
/// could not be read (none configured, unreachable, refused the key). <see cref="StartupProblems"/> are those logged
/// before the platform settled (<see cref="SettledAt"/>; null while it is still starting), shown only on request.</summary>
public sealed record TelemetryReport(
    DateTimeOffset At,
    IReadOnlyList<TelemetryProblem> Problems,
    IReadOnlyList<SlowTrace> SlowTraces,
    string? Unavailable,
    IReadOnlyList<TelemetryProblem>? StartupProblems = null,
    DateTimeOffset? SettledAt = null)
{
    public static TelemetryReport NotRead(string reason) => new(DateTimeOffset.MinValue, [], [], reason);
}
