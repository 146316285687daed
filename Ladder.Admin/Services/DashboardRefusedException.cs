namespace Ladder.Admin.Services;

/// <summary>The dashboard answered, but not with telemetry (no API in that version, or the key was refused).</summary>
internal sealed class DashboardRefusedException(string message) : Exception(message);
