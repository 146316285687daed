using System.Diagnostics;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.AppHost;

/// <summary>Starts a platform of its own, because it stops it.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task StoppingTheAppLeavesNoBackingServiceProcess()
    {
        var fixture = new LadderAppFixture();
        await fixture.InitializeAsync();
        var started = LocalProcessScan.UsingDirectory(fixture.DataDirectory);
        var isLocal = started.Any(process => process.CommandLine.Contains("nats-server", StringComparison.Ordinal));

        var stopwatch = Stopwatch.StartNew();
        await fixture.DisposeAsync();
        var left = LocalProcessScan.UsingDirectory(fixture.DataDirectory);
        while (left.Count > 0 && stopwatch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(200); // poll interval, under the 10 s bound
            left = LocalProcessScan.UsingDirectory(fixture.DataDirectory);
        }

        if (isLocal)
        {
            // nats-server, redis-server, postgres, epmd and beam.smp at least.
            Assert.True(started.Count >= 5, string.Join("\n", started));
        }

        Assert.True(left.Count == 0, "left running:\n" + string.Join("\n", left));
    }
}
