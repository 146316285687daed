using System.Diagnostics;
using Ladder.Client;
using Ladder.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ladder.Tests.Client;

/// <summary>Issue 18 row 1 against the real platform: seven network drops, each after one second of health.</summary>
[Collection(LadderCollection.Name)]
public sealed class ClientReconnectTimingTests(LadderAppFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan FirstStep = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task SevenDropsAfterOneSecondOfHealthEachReconnectWithinTheFirstStep()
    {
        await using var proxy = new TcpProxy(fixture.ChatNode(1));
        var policy = new RecordingRetryPolicy(new ExponentialRetryPolicy(FirstStep, TimeSpan.FromSeconds(10)));
        await using var client = new LadderClient(new LadderClientOptions
        {
            Nodes = [proxy.Address, fixture.ChatNode(2)],
            TokenProvider = new DevTokenProvider(new HttpClient(), [fixture.ChatNode(1)], TestClients.NewUser("timing")).Provider,
            RetryPolicy = policy,
        });
        var recorder = new ClientRecorder(client);
        await client.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await client.JoinAsync(Rooms.New());

        var times = new List<long>();
        for (var drop = 0; drop < 7; drop++)
        {
            await Task.Delay(1000);
            var connected = recorder.States.Count(change => change.State == ConnectionState.Connected);
            var clock = Stopwatch.StartNew();
            proxy.Cut();
            proxy.Restore();
            await ClientRecorder.WaitAsync(() => recorder.States.Count(change => change.State == ConnectionState.Connected) > connected,
                TimeSpan.FromSeconds(30), () => "the reconnect");
            times.Add(clock.ElapsedMilliseconds);
        }

        output.WriteLine("reconnect times (ms): " + string.Join(" / ", times));
        output.WriteLine("policy delays (ms): " + string.Join(" / ", policy.Delays.Select(delay => (long)delay.TotalMilliseconds)));
        Assert.All(policy.Asked, context => Assert.True(context is { WasConnected: true, PreviousRetryCount: 0 }, context.ToString()));
        Assert.All(policy.Delays, delay => Assert.InRange(delay, TimeSpan.Zero, FirstStep));
        Assert.All(recorder.States.SkipWhile(change => change.State != ConnectionState.Connected),
            change => Assert.NotEqual(ConnectionState.Connecting, change.State));
        // The same node every time: a drop of a working connection is not a refusal.
        Assert.Equal(proxy.Address, client.CurrentNode);
    }
}
