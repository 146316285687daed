using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ladder.ChatNode.Diagnostics;

namespace Ladder.ChatNode.Transport;

/// <summary>
/// What ASP.NET Core's hosting layer records for a request, recorded for a WebSocket the direct upgrade accepts
/// (which that layer never sees): the request counter and duration histogram under this node's meter (as
/// <c>http.server.request.duration</c> for an upgraded request, the duration lasts as long as the socket),
/// "Request starting/finished" log lines, and a server span <c>GET /ws</c> for the handshake alone: like the
/// <c>/ws</c> endpoint's request, which is not traced, no span lasts the connection's life and parents every call
/// made for it (docs/operations.md, Telemetry).
/// </summary>
internal sealed partial class DirectUpgradeTelemetry
{
    public const string UpgradesName = "ladder.websocket.direct_upgrades";
    public const string ActiveName = "ladder.websocket.direct_upgrades.active";
    public const string DurationName = "ladder.websocket.direct_upgrade.duration";

    private static readonly KeyValuePair<string, object?>[] RequestTags =
    [
        new("http.request.method", "GET"),
        new("http.route", "/ws"),
        new("http.response.status_code", 101),
        new("network.protocol.version", "1.1"),
        new("url.scheme", "http"),
    ];

    private readonly Counter<long> upgrades;
    private readonly UpDownCounter<long> active;
    private readonly Histogram<double> duration;
    private readonly ILogger<DirectUpgradeTelemetry> logger;

    public DirectUpgradeTelemetry(IMeterFactory meterFactory, ILogger<DirectUpgradeTelemetry> logger)
    {
        var meter = meterFactory.Create(ChatTelemetry.Name);
        upgrades = meter.CreateCounter<long>(UpgradesName, "{upgrade}", "WebSockets accepted (101) on the bare connection by the direct upgrade");
        active = meter.CreateUpDownCounter<long>(ActiveName, "{upgrade}", "WebSockets of the direct upgrade still open");
        duration = meter.CreateHistogram<double>(DurationName, "s", "From the upgrade's complete head to the socket's end, as http.server.request.duration for an upgraded request",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1, 1, 10, 60, 600, 3600, 14400, 86400] });
        this.logger = logger;
    }

    /// <summary>Records the accepted upgrade, once its 101 went out; dispose the result when the socket ends.</summary>
    /// <param name="handshakeStarted">When the head was complete (<see cref="Stopwatch.GetTimestamp"/>): the span's start.</param>
    public Request Accepted(string connectionId, string? host, string user, long handshakeStarted)
    {
        using var activity = ChatTelemetry.Source.StartActivity("GET /ws", ActivityKind.Server);
        if (activity is not null)
        {
            foreach (var (name, value) in RequestTags)
            {
                activity.SetTag(name, value);
            }

            activity.SetTag("server.address", host);
            activity.SetTag("url.path", "/ws");
            activity.SetTag("enduser.id", user);
            activity.SetTag("ladder.upgrade", "direct");
            activity.SetStartTime(DateTime.UtcNow - Stopwatch.GetElapsedTime(handshakeStarted));
        }

        upgrades.Add(1, RequestTags);
        active.Add(1);
        LogRequestStarting(connectionId, host);
        return new Request(this, connectionId, host, activity, handshakeStarted);
    }

    private void Finished(in Request request)
    {
        var elapsed = Stopwatch.GetElapsedTime(request.Started);
        active.Add(-1);
        duration.Record(elapsed.TotalSeconds, RequestTags);
        LogRequestFinished(request.ConnectionId, request.Host, elapsed.TotalMilliseconds);
    }

    // Debug, where ASP.NET Core's own "Request starting/finished" are Information under Microsoft.AspNetCore (which the
    // node's appsettings keep at Warning): one line per connection would otherwise flood a node's log.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Request starting HTTP/1.1 GET http://{Host}/ws (connection {Connection}, direct upgrade)")]
    private partial void LogRequestStarting(string connection, string? host);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Request finished HTTP/1.1 GET http://{Host}/ws - 101 - {ElapsedMilliseconds}ms (connection {Connection}, direct upgrade)")]
    private partial void LogRequestFinished(string connection, string? host, double elapsedMilliseconds);

    /// <summary>One accepted upgrade, open until disposed.</summary>
    internal readonly struct Request(DirectUpgradeTelemetry owner, string connectionId, string? host, Activity? activity, long started) : IDisposable
    {
        public string ConnectionId => connectionId;

        public string? Host => host;

        /// <summary>The handshake's span, already ended.</summary>
        public Activity? Activity => activity;

        public long Started => started;

        public void Dispose() => owner.Finished(this);
    }
}
