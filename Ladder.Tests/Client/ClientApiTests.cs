using Ladder.Client;
using Ladder.Contracts.Wire;

namespace Ladder.Tests.Client;

/// <summary>The client's API under the situations a first-time user hit, against a scripted server.</summary>
public sealed class ClientApiTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly ScriptedServer _server = new();
    private readonly List<Exception> _handlerFailures = [];
    private int _tokens;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task LeaveJoinLeaveOfOneRoomCompletesEveryCall()
    {
        await using var client = CreateClient();
        var connection = await ConnectAsync(client);
        await JoinAsync(client, connection, "general");

        var firstLeave = client.LeaveAsync("general");
        await connection.ReceiveAsync(ClientFrameTypes.Leave);
        var join = client.JoinAsync("general");
        await connection.ReceiveAsync(ClientFrameTypes.Join);
        await connection.SendAsync("""{"type":"left","room":"general"}""");
        await connection.SendAsync("""{"type":"joined","room":"general","head":3}""");
        await join.WaitAsync(Timeout);
        var secondLeave = client.LeaveAsync("general");
        await connection.ReceiveAsync(ClientFrameTypes.Leave);
        await connection.SendAsync("""{"type":"left","room":"general"}""");

        await firstLeave.WaitAsync(Timeout);
        await secondLeave.WaitAsync(Timeout);
    }

    [Fact]
    public async Task AnAsyncHandlerThatThrowsIsReportedAndDeliveryGoesOn()
    {
        await using var client = CreateClient();
        var seen = new List<ulong>();
        using var subscription = client.On<MessageFrame>(async message =>
        {
            await Task.Yield();
            lock (seen)
            {
                seen.Add(message.Seq);
            }

            if (message.Seq == 1)
            {
                throw new InvalidOperationException("handler bug");
            }
        });
        var connection = await ConnectAsync(client);
        await JoinAsync(client, connection, "general");

        await connection.SendAsync(Message("general", 1));
        await connection.SendAsync(Message("general", 2));

        await ClientRecorder.WaitAsync(() => { lock (seen) { return seen.Count == 2; } }, Timeout, () => "both messages");
        await ClientRecorder.WaitAsync(() => { lock (_handlerFailures) { return _handlerFailures.Count == 1; } }, Timeout, () => "the reported failure");
        Assert.Equal("handler bug", _handlerFailures[0].Message);
        Assert.Equal([1UL, 2], seen);
    }

    [Fact]
    public async Task ACancelledJoinLeavesNoMembership()
    {
        await using var client = CreateClient();
        var connection = await ConnectAsync(client);
        using var cancellation = new CancellationTokenSource();

        var joining = client.JoinAsync("general", cancellationToken: cancellation.Token);
        await connection.ReceiveAsync(ClientFrameTypes.Join);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => joining.WaitAsync(Timeout));
        // The node may have joined already: the client takes it back.
        var leave = await connection.ReceiveAsync(ClientFrameTypes.Leave);
        Assert.Equal("general", leave.GetProperty("room").GetString());
        await connection.SendAsync("""{"type":"joined","room":"general","head":3}""");
        await connection.SendAsync(Message("general", 4));
        Assert.Null(client.GetLastKnownId("general"));
    }

    [Fact]
    public async Task DisposeWaitsForTheOutboxToBeAcknowledged()
    {
        var client = CreateClient();
        var connection = await ConnectAsync(client);
        await JoinAsync(client, connection, "general");
        var sending = client.SendAsync("general", "last words");
        var sent = await connection.ReceiveAsync(ClientFrameTypes.Send);

        var disposing = client.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted);
        await connection.SendAsync($$"""{"type":"ack","room":"general","clientMsgId":"{{sent.GetProperty("clientMsgId").GetString()}}","seq":4,"duplicate":false}""");

        Assert.Equal(4UL, await sending.WaitAsync(Timeout));
        await disposing.WaitAsync(Timeout);
    }

    [Fact]
    public async Task EveryCallAfterDisposeFailsWithStopped()
    {
        var client = CreateClient();
        await ConnectAsync(client);
        await client.DisposeAsync();

        Assert.Equal(LadderException.StoppedCode, (await Assert.ThrowsAsync<LadderException>(() => client.ConnectAsync())).Code);
        Assert.Equal(LadderException.StoppedCode, (await Assert.ThrowsAsync<LadderException>(() => client.JoinAsync("general"))).Code);
        Assert.Equal(LadderException.StoppedCode, (await Assert.ThrowsAsync<LadderException>(() => client.SendAsync("general", "x"))).Code);
    }

    [Fact]
    public async Task AJoinRefusalFailsTheJoinItAnswers()
    {
        await using var client = CreateClient();
        var connection = await ConnectAsync(client);
        await JoinAsync(client, connection, "first");
        // Leaving and joining again reorders the client's room table: matching must follow the wire, not the table.
        var leaving = client.LeaveAsync("first");
        await connection.ReceiveAsync(ClientFrameTypes.Leave);
        await connection.SendAsync("""{"type":"left","room":"first"}""");
        await leaving.WaitAsync(Timeout);

        var second = client.JoinAsync("second");
        await connection.ReceiveAsync(ClientFrameTypes.Join);
        var third = client.JoinAsync("third");
        await connection.ReceiveAsync(ClientFrameTypes.Join);
        // The node answers in order: the first unanswered join (second) is the refused one.
        await connection.SendAsync("""{"type":"error","code":"forbidden","message":"closed room","ref":"join"}""");
        await connection.SendAsync("""{"type":"joined","room":"third","head":0}""");

        Assert.Equal(ErrorCodes.Forbidden, (await Assert.ThrowsAsync<LadderException>(() => second.WaitAsync(Timeout))).Code);
        Assert.Equal("third", (await third.WaitAsync(Timeout)).Room);
    }

    [Fact]
    public async Task ASendRefusalFailsTheSendItAnswers()
    {
        await using var client = CreateClient();
        var connection = await ConnectAsync(client);
        await JoinAsync(client, connection, "joined");

        // The same clientMsgId in two rooms: "waiting" is written only after its join, "joined" at once.
        var joiningLater = client.JoinAsync("waiting");
        await connection.ReceiveAsync(ClientFrameTypes.Join);
        var toWaiting = client.SendAsync("waiting", "one", clientMsgId: "same");
        var toJoined = client.SendAsync("joined", "two", clientMsgId: "same");
        var first = await connection.ReceiveAsync(ClientFrameTypes.Send);
        Assert.Equal("joined", first.GetProperty("room").GetString());
        await connection.SendAsync("""{"type":"joined","room":"waiting","head":0}""");
        await joiningLater.WaitAsync(Timeout);
        await connection.ReceiveAsync(ClientFrameTypes.Send);
        await connection.SendAsync("""{"type":"error","code":"forbidden","message":"muted","ref":"same"}""");
        await connection.SendAsync("""{"type":"ack","room":"waiting","clientMsgId":"same","seq":1,"duplicate":false}""");

        Assert.Equal(ErrorCodes.Forbidden, (await Assert.ThrowsAsync<LadderException>(() => toJoined.WaitAsync(Timeout))).Code);
        Assert.Equal(1UL, await toWaiting.WaitAsync(Timeout));
    }

    [Fact]
    public async Task ATextOverTheLimitIsRefusedLocally()
    {
        await using var client = CreateClient();
        var connection = await ConnectAsync(client);
        await JoinAsync(client, connection, "general");

        var failure = await Assert.ThrowsAsync<LadderException>(() => client.SendAsync("general", new string('x', 4097)));

        Assert.Equal(ErrorCodes.TooLarge, failure.Code);
        Assert.Equal(0, client.PendingSends);
        _ = client.SendAsync("general", new string('x', 4096));
        var sent = await connection.ReceiveAsync(ClientFrameTypes.Send);
        Assert.Equal(4096, sent.GetProperty("text").GetString()!.Length);
    }

    [Fact]
    public async Task AServerFrameOverTheReceiveLimitDropsTheConnection()
    {
        await using var client = CreateClient(maxReceiveFrameBytes: 16 * 1024);
        var first = await ConnectAsync(client);

        await first.SendAsync($$"""{"type":"pong","padding":"{{new string('x', 20 * 1024)}}"}""");

        await _server.AcceptWelcomedAsync(Timeout);
        Assert.Equal(2, _server.ConnectionCount);
    }

    private async Task<ScriptedConnection> ConnectAsync(LadderClient client)
    {
        var connecting = client.ConnectAsync();
        var connection = await _server.AcceptWelcomedAsync(Timeout);
        await connecting.WaitAsync(Timeout);
        return connection;
    }

    private static async Task JoinAsync(LadderClient client, ScriptedConnection connection, string room)
    {
        var joining = client.JoinAsync(room);
        await connection.ReceiveAsync(ClientFrameTypes.Join);
        await connection.SendAsync($$"""{"type":"joined","room":"{{room}}","head":0}""");
        await joining.WaitAsync(Timeout);
    }

    private LadderClient CreateClient(int maxReceiveFrameBytes = 16 * 1024 * 1024) => new(new LadderClientOptions
    {
        Nodes = [_server.Address],
        TokenProvider = _ => ValueTask.FromResult("token-" + Interlocked.Increment(ref _tokens)),
        ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        MaxReceiveFrameBytes = maxReceiveFrameBytes,
        OnHandlerException = exception => { lock (_handlerFailures) { _handlerFailures.Add(exception); } },
    });

    private static string Message(string room, int seq) =>
        $$"""{"type":"message","room":"{{room}}","seq":{{seq}},"sender":"bob","text":"m{{seq}}","ts":"2026-11-28T07:00:00Z","clientMsgId":"b-{{seq}}"}""";
}
