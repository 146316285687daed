using Ladder.Contracts.State;
using Microsoft.Extensions.Options;

namespace Ladder.Admin.Services;

/// <summary>
/// Reads the nodes' stats, the archive lag and the rooms' message counts every <c>Admin:SampleInterval</c> into
/// <see cref="MetricsWindow"/>, watched or not, so a page opened now shows the last minutes. Nothing is stored
/// elsewhere: a restarted console starts with an empty window.
/// </summary>
internal sealed partial class MetricsSampler(
    MetricsWindow window,
    NodeStatsReader nodes,
    ArchiveLagReader archive,
    RoomRateReader roomRates,
    PlatformReadiness readiness,
    IOptions<AdminOptions> options,
    TimeProvider time,
    ILogger<MetricsSampler> logger) : BackgroundService
{
    /// <summary>How many rooms the hot-rooms table lists.</summary>
    public const int HotRoomCount = 10;

    private readonly Dictionary<string, (long Slow, long Refused)> totals = new(StringComparer.Ordinal);
    private long lastTimestamp;
    private int failedReads;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lastTimestamp = time.GetTimestamp();
        using var timer = new PeriodicTimer(options.Value.SampleInterval, time);
        try
        {
            do
            {
                await window.AddAsync(await SampleAsync(stoppingToken));
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task<MetricSample> SampleAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.SampleInterval);
        var failedBefore = failedReads;
        var stats = await Guard("node stats", () => nodes.ReadAsync(), cancellationToken) ?? [];
        var lag = await Guard("archive lag", () => archive.ReadAsync(timeout.Token), cancellationToken);
        var counts = await Guard("room rates", () => roomRates.ReadAsync(timeout.Token), cancellationToken) ?? new Dictionary<string, long>();
        var now = time.GetTimestamp();
        var seconds = Math.Max(0.001, time.GetElapsedTime(lastTimestamp, now).TotalSeconds);
        lastTimestamp = now;
        if (failedReads == failedBefore && stats.Count > 0 && lag is not null)
        {
            readiness.MarkSettled(time.GetUtcNow());
        }

        return new MetricSample(time.GetUtcNow(), [.. stats.Select(Sample)], lag?.Lag, HotRooms(stats, counts, seconds));
    }

    /// <summary>The node's numbers, its cumulative counters turned into what happened since the last sample (a
    /// restarted node starts again from zero, so a drop counts as a restart, not as a negative).</summary>
    private NodeSample Sample(NodeStats stats)
    {
        var (slow, refused) = totals.TryGetValue(stats.Node, out var previous) ? previous : (stats.SlowConsumerCloses, stats.RefusedFrames);
        totals[stats.Node] = (stats.SlowConsumerCloses, stats.RefusedFrames);
        return new NodeSample(
            stats.Node,
            stats.Connections,
            stats.MessagesPerSecond,
            stats.DeliveriesPerSecond,
            stats.LatencyP50Ms,
            stats.LatencyP99Ms,
            Since(stats.SlowConsumerCloses, slow),
            Since(stats.RefusedFrames, refused));
    }

    private static long Since(long total, long previous) => total >= previous ? total - previous : total;

    internal static IReadOnlyList<HotRoom> HotRooms(IReadOnlyList<NodeStats> stats, IReadOnlyDictionary<string, long> counts, double seconds)
    {
        var hosts = stats
            .SelectMany(node => (node.TopRooms ?? []).Select(room => (room.Room, room.Members, room.LatencyP99Ms, Node: node)))
            .GroupBy(entry => entry.Room, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.ToList(), StringComparer.Ordinal);
        var names = counts.Keys.Union(hosts.Keys, StringComparer.Ordinal);
        return
        [
            .. names
                .Select(room =>
                {
                    var on = hosts.GetValueOrDefault(room) ?? [];
                    return new HotRoom(
                        room,
                        Math.Round(counts.GetValueOrDefault(room) / seconds, 1),
                        on.Sum(entry => entry.Members),
                        on.Count > 0 ? on.Max(entry => entry.LatencyP99Ms) : 0,
                        [.. on.Select(entry => entry.Node.Node).Order(StringComparer.Ordinal)]);
                })
                .OrderByDescending(room => room.MessagesPerSecond)
                .ThenByDescending(room => room.Members)
                .ThenBy(room => room.Room, StringComparer.Ordinal)
                .Take(HotRoomCount * 2),
        ];
    }

    private async Task<T?> Guard<T>(string source, Func<Task<T>> read, CancellationToken stoppingToken)
    {
        try
        {
            return await read();
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            failedReads++;
            LogReadFailed(source, exception.Message);
            return default;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Metrics sample: {Source} not read: {Reason}")]
    private partial void LogReadFailed(string source, string reason);
}
