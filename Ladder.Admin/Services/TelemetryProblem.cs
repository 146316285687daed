namespace Ladder.Admin.Services;

/// <summary>A warning or error a service logged, as the Aspire dashboard's telemetry API returned it.</summary>
public sealed record TelemetryProblem(DateTimeOffset At, string Resource, string Severity, string Message, string? TraceId);
