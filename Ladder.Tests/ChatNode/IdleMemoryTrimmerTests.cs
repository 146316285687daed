using System.Diagnostics.Metrics;
using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.Diagnostics;
using Ladder.ChatNode.Transport;
using Ladder.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ladder.Tests.ChatNode;

public sealed class IdleMemoryTrimmerTests
{
    /// <summary>The collection must be the trimmer's own: it logs the trim right after its collection, and that
    /// collection is a compacting full blocking one (what the runtime's own gen-2 collections, background ones, are not).</summary>
    [Fact]
    public async Task AQuietNodeThatAllocatedEnoughCollectsItsWholeHeap()
    {
        var blockingBefore = GC.GetGCMemoryInfo(GCKind.FullBlocking).Index;
        var logger = new SignallingLogger<IdleMemoryTrimmer>();
        var trimmer = Create(new TransportOptions { IdleTrimAfterBytes = 1, IdleTrimQuietBytes = long.MaxValue, IdleTrimCheck = TimeSpan.FromMilliseconds(20) }, logger);

        await trimmer.StartAsync(CancellationToken.None);
        var message = await logger.Logged.WaitAsync(TimeSpan.FromSeconds(10));
        await trimmer.StopAsync(CancellationToken.None);

        var blocking = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        Assert.Contains("GC committed memory", message, StringComparison.Ordinal);
        Assert.True(blocking.Index > blockingBefore, "no full blocking collection since the start");
        Assert.True(blocking.Compacted, "the last full blocking collection did not compact");
    }

    [Fact]
    public async Task ANodeThatHasNotAllocatedEnoughDoesNotTrim()
    {
        var logger = new SignallingLogger<IdleMemoryTrimmer>();
        var trimmer = Create(new TransportOptions { IdleTrimAfterBytes = long.MaxValue, IdleTrimQuietBytes = long.MaxValue, IdleTrimCheck = TimeSpan.FromMilliseconds(20) }, logger);

        await trimmer.StartAsync(CancellationToken.None);
        // Deliberately lets time pass: about 25 checks, any of which would have trimmed were the bound not respected.
        var completed = await Task.WhenAny(logger.Logged, Task.Delay(TimeSpan.FromMilliseconds(500)));
        await trimmer.StopAsync(CancellationToken.None);

        Assert.NotSame(logger.Logged, completed);
    }

    [Theory]
    [InlineData(2_097_151, 99, 67_108_864, true)]
    [InlineData(2_097_152, 0, 67_108_864, false)]
    [InlineData(0, 100, 67_108_864, false)]
    [InlineData(0, 0, 67_108_863, false)]
    [InlineData(0, 0, long.MaxValue, true)]
    public void TrimsOnlyWhenQuietAfterEnoughAllocation(long bytesSinceCheck, long framesSinceCheck, long bytesSinceTrim, bool due)
    {
        // Defaults: quiet under 2 MiB and under 100 frames per check, after 64 MiB since the last trim.
        Assert.Equal(due, IdleMemoryTrimmer.IsDue(bytesSinceCheck, framesSinceCheck, bytesSinceTrim, new TransportOptions()));
    }

    [Fact]
    public void ABoundOfZeroNeverTrims()
    {
        Assert.False(IdleMemoryTrimmer.IsDue(0, 0, long.MaxValue, new TransportOptions { IdleTrimAfterBytes = 0 }));
    }

    private static IdleMemoryTrimmer Create(TransportOptions options, SignallingLogger<IdleMemoryTrimmer> logger)
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new ChatMetrics(services.GetRequiredService<IMeterFactory>());
        return new IdleMemoryTrimmer(Options.Create(options), metrics, TimeProvider.System, logger);
    }
}
