using System.Diagnostics.Metrics;
using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.Diagnostics;
using Ladder.ChatNode.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ladder.Tests.ChatNode;

public sealed class IdleMemoryTrimmerTests
{
    [Fact]
    public async Task AQuietNodeThatAllocatedEnoughCollectsItsWholeHeap()
    {
        var trims = await CollectionsWhileRunningAsync(new TransportOptions { IdleTrimAfterBytes = 1, IdleTrimQuietBytes = long.MaxValue, IdleTrimCheck = TimeSpan.FromMilliseconds(20) });

        Assert.True(trims > 0, "no full collection while quiet");
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

    private static async Task<int> CollectionsWhileRunningAsync(TransportOptions options)
    {
        var before = GC.CollectionCount(2);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new ChatMetrics(services.GetRequiredService<IMeterFactory>());
        var trimmer = new IdleMemoryTrimmer(Options.Create(options), metrics, TimeProvider.System, NullLogger<IdleMemoryTrimmer>.Instance);
        await trimmer.StartAsync(CancellationToken.None);
        var garbage = new List<byte[]>();
        for (var i = 0; i < 30 && GC.CollectionCount(2) == before; i++)
        {
            garbage.Add(new byte[64 * 1024]);
            await Task.Delay(20);
        }

        await trimmer.StopAsync(CancellationToken.None);
        GC.KeepAlive(garbage);
        return GC.CollectionCount(2) - before;
    }
}
