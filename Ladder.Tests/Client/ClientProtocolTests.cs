using Ladder.Client;
using Ladder.Contracts.Wire;

namespace Ladder.Tests.Client;

/// <summary>The client against a scripted server: situations a correct node rarely produces, checked exactly.</summary>
public sealed class ClientProtocolTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly ScriptedServer _server = new();
    private int _tokens;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task DuplicateDeliveriesAreNeverSurfaced()
    {
        await using var client = CreateClient();
        var recorder = new ClientRecorder(client);
        var first = await ConnectAndJoinAsync(client, head: 0);
        foreach (var seq in new[] { 1, 2, 2, 3, 1, 4 })
        {
            await first.SendAsync(Message("general", seq));
        }

        await recorder.WaitForMessagesAsync(messages => messages.Count >= 4, Timeout, "seq 1-4");
        // A slow-consumer close: the client resumes from 4, and an overlapping replay must not surface 3 or 4 again.
        await first.CloseAsync(CloseCodes.SlowConsumer);
        var second = await _server.AcceptWelcomedAsync(Timeout);
        var hello = await second.ReceiveAsync(ClientFrameTypes.Hello);
        Assert.Equal(4UL, hello.GetProperty("resume").GetProperty("general").GetUInt64());
        await second.SendAsync("""{"type":"joined","room":"general","head":6}""");
        foreach (var seq in new[] { 3, 4, 5, 5, 6 })
        {
            await second.SendAsync(Message("general", seq));
        }

        await second.SendAsync("""{"type":"synced","room":"general","seq":6}""");
        await second.SendAsync(Message("general", 6));
        await second.SendAsync(Message("general", 7));

        await recorder.WaitForMessagesAsync(messages => messages.Any(message => message.Seq == 7), Timeout, "seq 7");
        Assert.Equal([1UL, 2, 3, 4, 5, 6, 7], recorder.Messages.Select(message => message.Seq));
        Assert.Equal(7UL, client.GetLastKnownId("general"));
    }

    [Fact]
    public async Task UnacknowledgedSendIsResentWithTheSameClientMsgIdAfterReconnect()
    {
        await using var client = CreateClient();
        var first = await ConnectAndJoinAsync(client, head: 10);

        var sending = client.SendAsync("general", "hello");
        var sent = await first.ReceiveAsync(ClientFrameTypes.Send);
        // The node stored it but died before the ack left: the client must resend the very same id.
        _server.DropConnections();

        var second = await _server.AcceptWelcomedAsync(Timeout);
        var hello = await second.ReceiveAsync(ClientFrameTypes.Hello);
        Assert.Equal(10UL, hello.GetProperty("resume").GetProperty("general").GetUInt64());
        await second.SendAsync("""{"type":"joined","room":"general","head":11}""");
        var resent = await second.ReceiveAsync(ClientFrameTypes.Send);
        Assert.Equal(sent.GetProperty("clientMsgId").GetString(), resent.GetProperty("clientMsgId").GetString());
        Assert.Equal("hello", resent.GetProperty("text").GetString());
        await second.SendAsync($$"""{"type":"ack","room":"general","clientMsgId":"{{resent.GetProperty("clientMsgId").GetString()}}","seq":11,"duplicate":true}""");

        Assert.Equal(11UL, await sending.WaitAsync(Timeout));
        Assert.Equal(0, client.PendingSends);
    }

    [Fact]
    public async Task SendMadeWhileDisconnectedIsWrittenAfterTheRoomIsJoinedAgain()
    {
        await using var client = CreateClient();
        var first = await ConnectAndJoinAsync(client, head: 3);
        _server.DropConnections();

        var sending = client.SendAsync("general", "while away");
        var second = await _server.AcceptWelcomedAsync(Timeout);
        await second.ReceiveAsync(ClientFrameTypes.Hello);
        await second.SendAsync("""{"type":"joined","room":"general","head":3}""");
        var send = await second.ReceiveAsync(ClientFrameTypes.Send);
        await second.SendAsync($$"""{"type":"ack","room":"general","clientMsgId":"{{send.GetProperty("clientMsgId").GetString()}}","seq":4,"duplicate":false}""");

        Assert.Equal(4UL, await sending.WaitAsync(Timeout));
    }

    [Fact]
    public async Task SendRefusedAsNotJoinedInAJoinedRoomJoinsAgainAndResends()
    {
        await using var client = CreateClient();
        var connection = await ConnectAndJoinAsync(client, head: 5);

        var sending = client.SendAsync("general", "again");
        var send = await connection.ReceiveAsync(ClientFrameTypes.Send);
        var clientMsgId = send.GetProperty("clientMsgId").GetString();
        await connection.SendAsync($$"""{"type":"error","code":"not_joined","message":"join first","ref":"{{clientMsgId}}"}""");
        var join = await connection.ReceiveAsync(ClientFrameTypes.Join);
        Assert.Equal(5UL, join.GetProperty("lastKnownId").GetUInt64());
        await connection.SendAsync("""{"type":"joined","room":"general","head":5}""");
        var resent = await connection.ReceiveAsync(ClientFrameTypes.Send);
        Assert.Equal(clientMsgId, resent.GetProperty("clientMsgId").GetString());
        await connection.SendAsync($$"""{"type":"ack","room":"general","clientMsgId":"{{clientMsgId}}","seq":6,"duplicate":false}""");

        Assert.Equal(6UL, await sending.WaitAsync(Timeout));
    }

    [Fact]
    public async Task DeletionsAndPresenceAreSurfacedAndAReplayedDeletionOnlyOnce()
    {
        await using var client = CreateClient();
        var deleted = new List<ulong>();
        var presence = new List<PresenceFrame>();
        client.MessageDeleted += (_, frame) => deleted.Add(frame.Seq);
        client.PresenceChanged += (_, frame) => presence.Add(frame);
        var connecting = client.ConnectAsync();
        var first = await _server.AcceptWelcomedAsync(Timeout);
        await connecting;
        var joining = client.JoinAsync("general");
        await first.ReceiveAsync(ClientFrameTypes.Join);
        await first.SendAsync("""{"type":"joined","room":"general","head":2}""");
        await first.SendAsync("""{"type":"presence","room":"general","online":["alice","bob"]}""");
        await joining;
        await first.SendAsync("""{"type":"deleted","room":"general","seq":2}""");
        await ClientRecorder.WaitAsync(() => deleted.Count == 1 && presence.Count == 1, Timeout, () => "the first deletion");

        _server.DropConnections();
        var second = await _server.AcceptWelcomedAsync(Timeout);
        await second.ReceiveAsync(ClientFrameTypes.Hello);
        await second.SendAsync("""{"type":"joined","room":"general","head":2}""");
        await second.SendAsync("""{"type":"deleted","room":"general","seq":2}""");
        await second.SendAsync("""{"type":"deleted","room":"general","seq":1}""");
        await second.SendAsync("""{"type":"presence","room":"general","joinedUser":"carol"}""");

        await ClientRecorder.WaitAsync(() => presence.Count == 2, Timeout, () => "two presence frames");
        Assert.Equal([2UL, 1UL], deleted);
        Assert.Equal(["alice", "bob"], presence[0].Online!);
        Assert.Equal("carol", presence[1].JoinedUser);
    }

    [Fact]
    public async Task AFullOutboxMakesSendWaitForAnAck()
    {
        await using var client = new LadderClient(new LadderClientOptions
        {
            Nodes = [_server.Address],
            TokenProvider = _ => ValueTask.FromResult("token"),
            OutboxCapacity = 1,
        });
        var connection = await ConnectAndJoinAsync(client, head: 0);

        var first = client.SendAsync("general", "one");
        var second = client.SendAsync("general", "two");
        var sent = await connection.ReceiveAsync(ClientFrameTypes.Send);
        // Deliberately lets time pass: the second send must wait for the first's ack (a negative check).
        await Task.Delay(200);
        Assert.False(second.IsCompleted);
        await connection.SendAsync($$"""{"type":"ack","room":"general","clientMsgId":"{{sent.GetProperty("clientMsgId").GetString()}}","seq":1,"duplicate":false}""");
        var next = await connection.ReceiveAsync(ClientFrameTypes.Send);
        Assert.Equal("two", next.GetProperty("text").GetString());
        await connection.SendAsync($$"""{"type":"ack","room":"general","clientMsgId":"{{next.GetProperty("clientMsgId").GetString()}}","seq":2,"duplicate":false}""");

        Assert.Equal(1UL, await first.WaitAsync(Timeout));
        Assert.Equal(2UL, await second.WaitAsync(Timeout));
    }

    [Fact]
    public async Task KickedClientStopsAndDoesNotReconnect()
    {
        await using var client = CreateClient();
        var recorder = new ClientRecorder(client);
        var connecting = client.ConnectAsync();
        var connection = await _server.AcceptWelcomedAsync(Timeout);
        await connecting;
        var pending = client.SendAsync("general", "never acked");

        await connection.CloseAsync(CloseCodes.Kicked);

        await recorder.WaitForStateAsync(ConnectionState.Stopped, Timeout);
        var failure = await Assert.ThrowsAsync<LadderException>(() => pending.WaitAsync(Timeout));
        Assert.Equal(LadderException.StoppedCode, failure.Code);
        // Deliberately lets time pass: a kicked client must not reconnect (a negative check).
        await Task.Delay(1000);
        Assert.Equal(1, _server.ConnectionCount);
    }

    [Fact]
    public async Task ExpiredTokenCloseReconnectsWithAFreshToken()
    {
        await using var client = CreateClient();
        var connecting = client.ConnectAsync();
        var first = await _server.AcceptWelcomedAsync(Timeout);
        await connecting;

        await first.CloseAsync(CloseCodes.TokenExpired);
        var second = await _server.AcceptWelcomedAsync(Timeout);

        Assert.Equal("Bearer token-1", first.Authorization);
        Assert.Equal("Bearer token-2", second.Authorization);
    }

    [Fact]
    public async Task TriesTheNextNodeWhenOneIsDown()
    {
        var dead = new Uri("http://127.0.0.1:1/");
        await using var client = CreateClient(dead, _server.Address);
        var connecting = client.ConnectAsync();

        await _server.AcceptWelcomedAsync(Timeout);
        await connecting.WaitAsync(Timeout);

        Assert.Equal(ConnectionState.Connected, client.State);
        Assert.Equal(_server.Address, client.CurrentNode);
    }

    [Fact]
    public async Task ASendRefusedWithNotJoinedWhileARejoinIsOnItsWayWaitsForTheNewJoined()
    {
        await using var client = CreateClient();
        var connection = await ConnectAndJoinAsync(client, head: 3);

        var sending = client.SendAsync("general", "kept");
        var sent = await connection.ReceiveAsync(ClientFrameTypes.Send);
        var clientMsgId = sent.GetProperty("clientMsgId").GetString();
        // The node's catch-up failed after its joined (the log unreachable): the join's own error comes first and the
        // client rejoins; the send written meanwhile is then refused with not_joined. It must survive the rejoin.
        await connection.SendAsync("""{"type":"error","code":"internal","message":"the message log is unreachable; join again","ref":"join"}""");
        await connection.SendAsync($$"""{"type":"error","code":"not_joined","message":"join 'general' before sending to it","ref":"{{clientMsgId}}"}""");
        var rejoin = await connection.ReceiveAsync(ClientFrameTypes.Join);
        Assert.Equal(3UL, rejoin.GetProperty("lastKnownId").GetUInt64());
        await connection.SendAsync("""{"type":"joined","room":"general","head":3}""");
        var resent = await connection.ReceiveAsync(ClientFrameTypes.Send);
        Assert.Equal(clientMsgId, resent.GetProperty("clientMsgId").GetString());
        await connection.SendAsync($$"""{"type":"ack","room":"general","clientMsgId":"{{clientMsgId}}","seq":4}""");

        Assert.Equal(4UL, await sending.WaitAsync(Timeout));
    }

    [Fact]
    public async Task AFrameTheClientCannotHandleDropsTheConnectionInsteadOfStallingTheClient()
    {
        await using var client = CreateClient();
        var first = await ConnectAndJoinAsync(client, head: 0);

        // Well-formed JSON the client cannot act on (a joined without its room): the connection is dropped and
        // resumed, and sends go on over the next one, instead of the receive loop dying with every send pending.
        await first.SendAsync("""{"type":"joined","head":1}""");
        var second = await _server.AcceptWelcomedAsync(Timeout);
        await second.ReceiveAsync(ClientFrameTypes.Hello);
        await second.SendAsync("""{"type":"joined","room":"general","head":0}""");
        var sending = client.SendAsync("general", "after");
        var sent = await second.ReceiveAsync(ClientFrameTypes.Send);
        await second.SendAsync($$"""{"type":"ack","room":"general","clientMsgId":"{{sent.GetProperty("clientMsgId").GetString()}}","seq":1}""");

        Assert.Equal(1UL, await sending.WaitAsync(Timeout));
    }

    /// <summary>Connects <paramref name="client"/> to the scripted server and joins "general" at <paramref name="head"/>.</summary>
    private async Task<ScriptedConnection> ConnectAndJoinAsync(LadderClient client, ulong head)
    {
        var connecting = client.ConnectAsync();
        var connection = await _server.AcceptWelcomedAsync(Timeout);
        await connecting;
        var joining = client.JoinAsync("general");
        await connection.ReceiveAsync(ClientFrameTypes.Join);
        await connection.SendAsync($$"""{"type":"joined","room":"general","head":{{head}}}""");
        await joining;
        return connection;
    }

    private LadderClient CreateClient(params Uri[] nodes) => new(new LadderClientOptions
    {
        Nodes = nodes.Length > 0 ? nodes : [_server.Address],
        TokenProvider = _ => ValueTask.FromResult("token-" + Interlocked.Increment(ref _tokens)),
        ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
    });

    private static string Message(string room, int seq) =>
        $$"""{"type":"message","room":"{{room}}","seq":{{seq}},"sender":"bob","text":"m{{seq}}","ts":"2026-11-28T07:00:00Z","clientMsgId":"b-{{seq}}"}""";
}
