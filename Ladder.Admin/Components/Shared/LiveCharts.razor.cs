using Ladder.Admin.Services;
using Microsoft.AspNetCore.Components;

namespace Ladder.Admin.Components.Shared;

/// <summary>The overview's charts of the last minutes, one series per node where the number is per node.</summary>
public sealed partial class LiveCharts
{
    [Parameter, EditorRequired]
    public IReadOnlyList<MetricSample> Samples { get; set; } = [];

    [CascadingParameter(Name = "DarkTheme")]
    public bool Dark { get; set; }

    private IReadOnlyList<ChartSeries> Connections => PerNode(node => node.Connections);

    private IReadOnlyList<ChartSeries> Throughput =>
    [
        Total("messages/s", sample => sample.MessagesPerSecond),
        Total("deliveries/s", sample => sample.DeliveriesPerSecond),
    ];

    private IReadOnlyList<ChartSeries> Latency =>
    [
        .. PerNode(node => node.LatencyP50Ms, " p50"),
        .. PerNode(node => node.LatencyP99Ms, " p99"),
    ];

    private IReadOnlyList<ChartSeries> ArchiveLag =>
    [
        new("lag", [.. Samples.Where(sample => sample.ArchiveLag is not null).Select(sample => sample.At.UtcDateTime)],
            [.. Samples.Where(sample => sample.ArchiveLag is not null).Select(sample => (double)sample.ArchiveLag!.Value)]),
    ];

    private IReadOnlyList<ChartSeries> Refusals =>
    [
        Total("slow-consumer closes", sample => sample.SlowConsumerCloses),
        Total("refused frames", sample => sample.RefusedFrames),
    ];

    private ChartSeries Total(string name, Func<MetricSample, double> value) =>
        new(name, [.. Samples.Select(sample => sample.At.UtcDateTime)], [.. Samples.Select(value)]);

    /// <summary>One series per node seen in the window; a node's gaps (down, not yet started) stay gaps.</summary>
    private IReadOnlyList<ChartSeries> PerNode(Func<NodeSample, double> value, string suffix = "") =>
    [
        .. Samples.SelectMany(sample => sample.Nodes).Select(node => node.Node).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(name =>
            {
                var points = Samples
                    .Select(sample => (sample.At, Node: sample.Nodes.FirstOrDefault(node => node.Node == name)))
                    .Where(point => point.Node is not null)
                    .ToList();
                return new ChartSeries(name + suffix, [.. points.Select(point => point.At.UtcDateTime)], [.. points.Select(point => value(point.Node!))]);
            }),
    ];
}
