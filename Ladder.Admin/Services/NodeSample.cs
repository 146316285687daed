namespace Ladder.Admin.Services;

/// <summary>One node's numbers in one <see cref="MetricSample"/>; the counts are what happened since the previous sample.</summary>
public sealed record NodeSample(
    string Node,
    int Connections,
    double MessagesPerSecond,
    double DeliveriesPerSecond,
    double LatencyP50Ms,
    double LatencyP99Ms,
    long SlowConsumerCloses,
    long RefusedFrames);
