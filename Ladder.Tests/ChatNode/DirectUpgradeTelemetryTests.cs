using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ladder.ChatNode.Diagnostics;
using Ladder.ChatNode.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ladder.Tests.ChatNode;

/// <summary>A WebSocket the direct upgrade accepts is recorded as a request through Kestrel would be: a counter per
/// upgrade, the open ones, a duration when it ends, and a server span <c>GET /ws</c> for the handshake with the usual tags, not left current for the socket's life.</summary>
public sealed class DirectUpgradeTelemetryTests : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener meters = new();
    private readonly ActivityListener activities;
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> measurements = [];
    private readonly List<Activity> stopped = [];

    public DirectUpgradeTelemetryTests()
    {
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ChatTelemetry.Name && instrument.Name.StartsWith("ladder.websocket.direct_upgrade", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        meters.Start();
        activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ChatTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (stopped)
                {
                    stopped.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(activities);
    }

    [Fact]
    public void AnAcceptedUpgradeIsCountedTracedAndTimedUntilTheSocketEnds()
    {
        var telemetry = new DirectUpgradeTelemetry(services.GetRequiredService<IMeterFactory>(), NullLogger<DirectUpgradeTelemetry>.Instance);
        var connection = $"conn-{Guid.NewGuid():N}";

        var headRead = Stopwatch.GetTimestamp();
        var request = telemetry.Accepted(connection, "chat.example:8080", "alice", headRead);
        var upgrade = Assert.Single(Measured(DirectUpgradeTelemetry.UpgradesName));
        Assert.Equal(1, upgrade.Value);
        Assert.Equal(101, upgrade.Tags["http.response.status_code"]);
        Assert.Equal("/ws", upgrade.Tags["http.route"]);
        Assert.Equal(1, Assert.Single(Measured(DirectUpgradeTelemetry.ActiveName)).Value);
        Assert.Empty(Measured(DirectUpgradeTelemetry.DurationName));
        Assert.NotNull(request.Activity);
        Assert.Equal(ActivityKind.Server, request.Activity.Kind);
        Assert.Null(Activity.Current);

        request.Dispose();
        Assert.Equal([1.0, -1.0], Measured(DirectUpgradeTelemetry.ActiveName).Select(measurement => measurement.Value));
        var duration = Assert.Single(Measured(DirectUpgradeTelemetry.DurationName));
        Assert.True(duration.Value >= 0);
        Assert.Equal("GET", duration.Tags["http.request.method"]);
        Activity activity;
        lock (stopped)
        {
            activity = Assert.Single(stopped, candidate => ReferenceEquals(candidate, request.Activity));
        }

        Assert.Equal("GET /ws", activity.DisplayName);
        Assert.Equal(101, activity.GetTagItem("http.response.status_code"));
        Assert.Equal("chat.example:8080", activity.GetTagItem("server.address"));
        Assert.Equal("alice", activity.GetTagItem("enduser.id"));
    }

    public void Dispose()
    {
        meters.Dispose();
        activities.Dispose();
        services.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var (name, tagValue) in tags)
        {
            copy[name] = tagValue;
        }

        lock (measurements)
        {
            measurements.Add((instrument.Name, value, copy));
        }
    }

    private List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measured(string instrument)
    {
        lock (measurements)
        {
            return measurements.Where(measurement => measurement.Instrument == instrument).ToList();
        }
    }
}
