namespace Ladder.Admin.Services;

/// <summary>What the console's live charts show at one moment, read by <see cref="MetricsSampler"/>.</summary>
public sealed record MetricSample(
    DateTimeOffset At,
    IReadOnlyList<NodeSample> Nodes,
    ulong? ArchiveLag,
    IReadOnlyList<HotRoom> HotRooms)
{
    public double MessagesPerSecond => Nodes.Sum(node => node.MessagesPerSecond);

    public double DeliveriesPerSecond => Nodes.Sum(node => node.DeliveriesPerSecond);

    public long SlowConsumerCloses => Nodes.Sum(node => node.SlowConsumerCloses);

    public long RefusedFrames => Nodes.Sum(node => node.RefusedFrames);
}
