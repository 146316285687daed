using System.Diagnostics;
using Ladder.ChatNode.Fanout;

namespace Ladder.ChatNode.Diagnostics;

/// <summary>
/// <c>GET /diagnostics/fanout</c>: what this node's fan-out received and did since it started, and the process's CPU
/// time, so that a test or the bench can see that a node reads only its own rooms and what that costs. Counts only, no
/// room names or users.
/// </summary>
internal static class FanoutDiagnosticsEndpoint
{
    public const string Path = "/diagnostics/fanout";

    public static WebApplication MapFanoutDiagnostics(this WebApplication app)
    {
        app.MapGet(Path, (LogFanout fanout, ChatMetrics metrics) => TypedResults.Ok(new FanoutDiagnostics(
            metrics.EntriesReceived,
            metrics.GapEntries,
            metrics.Delivered,
            fanout.FollowedRooms,
            (long)Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds)));
        return app;
    }
}
