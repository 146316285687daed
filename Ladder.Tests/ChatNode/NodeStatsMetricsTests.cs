using System.Diagnostics.Metrics;
using Ladder.ChatNode.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Ladder.Tests.ChatNode;

/// <summary>The numbers a node adds to its stats for the console's charts: latency percentiles per interval and the
/// slow-consumer and refused-frame totals.</summary>
public sealed class NodeStatsMetricsTests : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [Fact]
    public void LatencyPercentilesCoverOneIntervalAndThenStartAgain()
    {
        var metrics = new ChatMetrics(services.GetRequiredService<IMeterFactory>());
        for (var ms = 1; ms <= 100; ms++)
        {
            metrics.DeliveryLatency(ms);
        }

        Assert.Equal((50, 99), metrics.TakeLatencyPercentiles());
        Assert.Equal((0, 0), metrics.TakeLatencyPercentiles());
        metrics.DeliveryLatency(7);
        Assert.Equal((7, 7), metrics.TakeLatencyPercentiles());
    }

    [Fact]
    public void ABusyIntervalKeepsABoundedSampleThatStillReflectsTheSpread()
    {
        var metrics = new ChatMetrics(services.GetRequiredService<IMeterFactory>());
        for (var i = 0; i < 100_000; i++)
        {
            metrics.DeliveryLatency(i % 100 == 99 ? 500 : 2);
        }

        var (p50, p99) = metrics.TakeLatencyPercentiles();
        Assert.Equal(2, p50);
        Assert.InRange(p99, 2, 500);
    }

    [Fact]
    public void CountsSlowConsumerClosesAndRefusedFrames()
    {
        var metrics = new ChatMetrics(services.GetRequiredService<IMeterFactory>());
        metrics.SlowConsumerClosed();
        metrics.Refused("bad_frame");
        metrics.Refused("rate_limited");

        Assert.Equal(1, metrics.SlowConsumerCloses);
        Assert.Equal(2, metrics.RefusedFrames);
    }

    public void Dispose() => services.Dispose();
}
