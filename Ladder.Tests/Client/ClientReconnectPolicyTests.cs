using System.Diagnostics;
using Ladder.Client;
using Ladder.Contracts.Wire;
using Xunit.Abstractions;

namespace Ladder.Tests.Client;

/// <summary>How the client connects, reconnects and gives up, against a scripted server.</summary>
public sealed class ClientReconnectPolicyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan FirstStep = TimeSpan.FromMilliseconds(200);
    private readonly ScriptedServer _server = new();
    private int _tokens;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task DropsOfAWorkingConnectionReconnectAsReconnectingWithinTheFirstBackoffStep()
    {
        var policy = new RecordingRetryPolicy(new ExponentialRetryPolicy(FirstStep, TimeSpan.FromSeconds(10)));
        await using var client = CreateClient(new LadderClientOptions
        {
            Nodes = [_server.Address],
            TokenProvider = NextToken,
            RetryPolicy = policy,
        });
        var recorder = new ClientRecorder(client);
        var connecting = client.ConnectAsync();
        await _server.AcceptWelcomedAsync(Timeout);
        await connecting.WaitAsync(Timeout);

        var times = new List<long>();
        for (var drop = 0; drop < 7; drop++)
        {
            // The experiment: one second of healthy connection, then the network drops.
            await Task.Delay(1000);
            var connectedBefore = recorder.States.Count(change => change.State == ConnectionState.Connected);
            var clock = Stopwatch.StartNew();
            _server.DropConnections();
            await _server.AcceptWelcomedAsync(Timeout);
            await ClientRecorder.WaitAsync(
                () => recorder.States.Count(change => change.State == ConnectionState.Connected) > connectedBefore, Timeout, () => "the reconnect");
            times.Add(clock.ElapsedMilliseconds);
        }

        output.WriteLine("reconnect times (ms): " + string.Join(" / ", times));
        output.WriteLine("policy delays (ms): " + string.Join(" / ", policy.Delays.Select(delay => (long)delay.TotalMilliseconds)));
        // Every drop is a drop of a working connection: the first step, drawn within FirstStep, each time.
        Assert.Equal(7, policy.Asked.Count);
        Assert.All(policy.Asked, context => Assert.True(context is { WasConnected: true, PreviousRetryCount: 0 }, context.ToString()));
        Assert.All(policy.Delays, delay => Assert.InRange(delay, TimeSpan.Zero, FirstStep));
        // Wall time adds the upgrade and the welcome on a loaded machine; the old escalation reached seconds.
        Assert.All(times, time => Assert.InRange(time, 0, 2000));
        var afterFirst = recorder.States.SkipWhile(change => change.State != ConnectionState.Connected).ToList();
        Assert.DoesNotContain(afterFirst, change => change.State == ConnectionState.Connecting);
        Assert.Contains(afterFirst, change => change.State == ConnectionState.Reconnecting);
        Assert.Equal(8, _server.ConnectionCount);
    }

    [Theory]
    [InlineData(401, ErrorCodes.Unauthorized)]
    [InlineData(403, ErrorCodes.Forbidden)]
    public async Task FirstConnectFailsFastWhenTheTokenIsRefused(int status, string code)
    {
        _server.RefuseWith = status;
        await using var client = CreateClient();

        var failure = await Assert.ThrowsAsync<LadderException>(() => client.ConnectAsync().WaitAsync(Timeout));

        Assert.Equal(code, failure.Code);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), failure.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Stopped, client.State);
        Assert.Equal(1, _server.RefusedCount);
        // Asking again says the same, rather than starting over.
        var again = await Assert.ThrowsAsync<LadderException>(() => client.ConnectAsync().WaitAsync(Timeout));
        Assert.Equal(code, again.Code);
    }

    [Fact]
    public async Task FirstConnectFailsFastWhenTheTokenProviderThrows()
    {
        await using var client = CreateClient(new LadderClientOptions
        {
            Nodes = [_server.Address],
            TokenProvider = _ => throw new InvalidOperationException("no credentials configured"),
        });

        var failure = await Assert.ThrowsAsync<LadderException>(() => client.ConnectAsync().WaitAsync(Timeout));

        Assert.Equal(ErrorCodes.Unauthorized, failure.Code);
        Assert.IsType<InvalidOperationException>(failure.InnerException);
        Assert.Equal(0, _server.ConnectionCount);
    }

    [Fact]
    public async Task A401AfterAWorkingConnectionIsRetriedByThePolicy()
    {
        await using var client = CreateClient();
        var recorder = new ClientRecorder(client);
        var connecting = client.ConnectAsync();
        await _server.AcceptWelcomedAsync(Timeout);
        await connecting.WaitAsync(Timeout);

        _server.RefuseWith = 401;
        _server.DropConnections();
        await ClientRecorder.WaitAsync(() => _server.RefusedCount >= 2, Timeout, () => "two refused reconnects");
        _server.RefuseWith = null;
        await _server.AcceptWelcomedAsync(Timeout);

        await ClientRecorder.WaitAsync(() => client.State == ConnectionState.Connected, Timeout, () => "connected again");
        Assert.DoesNotContain(recorder.States, change => change.State == ConnectionState.Stopped);
    }

    [Fact]
    public async Task ARetryPolicyThatGivesUpStopsTheClientAndFailsWhatIsPending()
    {
        var policy = new CountingRetryPolicy(maxRetries: 2);
        await using var client = CreateClient(new LadderClientOptions
        {
            Nodes = [_server.Address],
            TokenProvider = NextToken,
            RetryPolicy = policy,
        });
        var recorder = new ClientRecorder(client);
        var connecting = client.ConnectAsync();
        var connection = await _server.AcceptWelcomedAsync(Timeout);
        await connecting.WaitAsync(Timeout);
        var pending = client.SendAsync("general", "never acked");

        _server.RefuseWith = 503;
        await connection.CloseAsync(CloseCodes.SlowConsumer);

        await ClientRecorder.WaitAsync(() => client.State == ConnectionState.Stopped, Timeout,
            () => $"stopped; policy asked {policy.Asked.Count}: " + string.Join(", ", policy.Asked) + "; states " + string.Join(", ", recorder.States.Select(s => s.State)));
        var failure = await Assert.ThrowsAsync<LadderException>(() => pending.WaitAsync(Timeout));
        Assert.Equal(LadderException.StoppedCode, failure.Code);
        Assert.Equal([0, 1, 2], policy.Asked.Select(context => context.PreviousRetryCount));
        Assert.True(policy.Asked[0].WasConnected);
        Assert.Equal(2, _server.RefusedCount);
    }

    private async ValueTask<string> NextToken(CancellationToken cancellationToken)
    {
        await Task.Yield();
        return "token-" + Interlocked.Increment(ref _tokens);
    }

    private LadderClient CreateClient(LadderClientOptions? options = null) => new(options ?? new LadderClientOptions
    {
        Nodes = [_server.Address],
        TokenProvider = NextToken,
        ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
    });
}
