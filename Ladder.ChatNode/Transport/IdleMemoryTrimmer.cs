using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.Diagnostics;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Transport;

/// <summary>
/// Gives memory back once a burst is over. A connect storm leaves its garbage in gen2 and the pinned heap, and a node
/// whose thousands of connections then sit idle allocates too little for the GC ever to collect it: the node kept
/// two to three times its live heap. When at least <see cref="TransportOptions.IdleTrimAfterBytes"/> were allocated since
/// the last trim and the last <see cref="TransportOptions.IdleTrimCheck"/> allocated under
/// <see cref="TransportOptions.IdleTrimQuietBytes"/> and delivered under <see cref="TransportOptions.IdleTrimQuietFrames"/>
/// frames, one aggressive collection compacts the heap and decommits what is free. The frames count too because the
/// fan-out allocates almost nothing: at 20,000 deliveries/s a node looked quiet by its allocations alone, and the
/// trim's pause (tens of milliseconds) tripled the fan-out's p99.
/// </summary>
internal sealed partial class IdleMemoryTrimmer(IOptions<TransportOptions> options, ChatMetrics metrics, TimeProvider time, ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    private readonly TransportOptions limits = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (limits.IdleTrimAfterBytes <= 0)
        {
            return;
        }

        var trimmedAt = GC.GetTotalAllocatedBytes();
        var previous = trimmedAt;
        var delivered = metrics.Delivered;
        using var timer = new PeriodicTimer(limits.IdleTrimCheck, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var allocated = GC.GetTotalAllocatedBytes();
            var frames = metrics.Delivered;
            var due = IsDue(allocated - previous, frames - delivered, allocated - trimmedAt, limits);
            (previous, delivered) = (allocated, frames);
            if (due)
            {
                var before = GC.GetGCMemoryInfo().TotalCommittedBytes;
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                var after = GC.GetGCMemoryInfo().TotalCommittedBytes;
                LogTrimmed((allocated - trimmedAt) >> 20, before >> 20, after >> 20);
                trimmedAt = previous = GC.GetTotalAllocatedBytes();
            }
        }
    }

    /// <summary>Whether to trim, given the bytes allocated and frames delivered since the last check, and the bytes
    /// allocated since the last trim.</summary>
    public static bool IsDue(long bytesSinceCheck, long framesSinceCheck, long bytesSinceTrim, TransportOptions limits) =>
        limits.IdleTrimAfterBytes > 0
        && bytesSinceCheck < limits.IdleTrimQuietBytes
        && framesSinceCheck < limits.IdleTrimQuietFrames
        && bytesSinceTrim >= limits.IdleTrimAfterBytes;

    [LoggerMessage(Level = LogLevel.Information, Message = "Quiet after {AllocatedMiB} MiB allocated: GC committed memory {BeforeMiB} → {AfterMiB} MiB")]
    private partial void LogTrimmed(long allocatedMiB, long beforeMiB, long afterMiB);
}
