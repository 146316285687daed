namespace Ladder.Admin.Services;

/// <summary>A warning or error a service logged, as the Aspire dashboard's telemetry API returned it; the same
/// message logged again by the same service is one problem, <see cref="Count"/> times, at its newest.</summary>
public sealed record TelemetryProblem(DateTimeOffset At, string Resource, string Severity, string Message, string? TraceId, int Count = 1);
