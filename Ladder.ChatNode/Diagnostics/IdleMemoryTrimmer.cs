using Ladder.ChatNode.Configuration;
using Microsoft.Extensions.Options;

namespace Ladder.ChatNode.Diagnostics;

/// <summary>
/// Gives memory back once a burst is over. A connect storm leaves its garbage in gen2 and the pinned heap, and a node
/// whose thousands of connections then sit idle allocates too little for the GC ever to collect it: the node kept
/// two to three times its live heap. When at least <see cref="ChatOptions.IdleTrimAfterBytes"/> were allocated since
/// the last trim and the last <see cref="ChatOptions.IdleTrimCheck"/> allocated under
/// <see cref="ChatOptions.IdleTrimQuietBytes"/>, one aggressive collection compacts the heap and decommits what is
/// free; a busy node (allocating more than that) is never paused by it.
/// </summary>
public sealed partial class IdleMemoryTrimmer(IOptions<ChatOptions> options, TimeProvider time, ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    private readonly ChatOptions limits = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (limits.IdleTrimAfterBytes <= 0)
        {
            return;
        }

        var trimmedAt = GC.GetTotalAllocatedBytes();
        var previous = trimmedAt;
        using var timer = new PeriodicTimer(limits.IdleTrimCheck, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var allocated = GC.GetTotalAllocatedBytes();
            var due = IsDue(allocated - previous, allocated - trimmedAt, limits);
            previous = allocated;
            if (due)
            {
                var before = GC.GetGCMemoryInfo().TotalCommittedBytes;
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                var after = GC.GetGCMemoryInfo(GCKind.Any).TotalCommittedBytes;
                LogTrimmed((allocated - trimmedAt) >> 20, before >> 20, after >> 20);
                trimmedAt = previous = GC.GetTotalAllocatedBytes();
            }
        }
    }

    /// <summary>Whether to trim, given the bytes allocated since the last check and since the last trim.</summary>
    public static bool IsDue(long sinceCheck, long sinceTrim, ChatOptions limits) =>
        limits.IdleTrimAfterBytes > 0 && sinceCheck < limits.IdleTrimQuietBytes && sinceTrim >= limits.IdleTrimAfterBytes;

    [LoggerMessage(Level = LogLevel.Information, Message = "Quiet after {AllocatedMiB} MiB allocated: GC committed memory {BeforeMiB} → {AfterMiB} MiB")]
    private partial void LogTrimmed(long allocatedMiB, long beforeMiB, long afterMiB);
}
