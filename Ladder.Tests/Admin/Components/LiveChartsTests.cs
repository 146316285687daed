using Bunit;
using Ladder.Admin.Components.Shared;
using Ladder.Admin.Services;

namespace Ladder.Tests.Admin.Components;

/// <summary>The overview's charts: one per number, series per node where the number is per node, latest values shown.</summary>
public sealed class LiveChartsTests : IAsyncLifetime
{
    private readonly BunitContext context = ConsoleTestContext.Create();

    [Fact]
    public void DrawsEveryChartWithTheLatestValues()
    {
        var start = DateTimeOffset.UtcNow;
        var samples = new[]
        {
            Sample(start, 1, ("chat-1", 3.0), ("chat-2", 1.0)),
            Sample(start.AddSeconds(2), 2, ("chat-1", 10.0), ("chat-2", 5.5)),
        };

        var charts = context.Render<LiveCharts>(parameters => parameters.Add(p => p.Samples, samples));

        Assert.Equal(5, charts.FindAll(".chart").Count);
        Assert.Equal("15.5", charts.Find("#chart-messages").GetAttribute("data-latest"));
        Assert.Contains("chat-1 p99", charts.Find("#chart-latency").TextContent, StringComparison.Ordinal);
        Assert.Equal("4", charts.Find("#chart-archive-lag").GetAttribute("data-latest"));
        Assert.Contains("slow-consumer closes 2", charts.Find("#chart-refusals").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void MovesWhenANewSampleArrives()
    {
        var start = DateTimeOffset.UtcNow;
        var charts = context.Render<LiveCharts>(parameters => parameters.Add(p => p.Samples, [Sample(start, 0, ("chat-1", 0.0))]));
        Assert.Equal("0", charts.Find("#chart-messages").GetAttribute("data-latest"));

        charts.Render(parameters => parameters.Add(p => p.Samples, [Sample(start, 0, ("chat-1", 0.0)), Sample(start.AddSeconds(2), 0, ("chat-1", 12.0))]));

        Assert.StartsWith("12", charts.Find("#chart-messages").GetAttribute("data-latest"), StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await context.DisposeAsync();

    private static MetricSample Sample(DateTimeOffset at, int lag, params (string Node, double Rate)[] nodes) => new(
        at,
        [.. nodes.Select(node => new NodeSample(node.Node, 4, node.Rate, 0, 1.5, 9.5, 1, 0))],
        (ulong)lag + 2,
        []);
}
