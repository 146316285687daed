using Ladder.Client;
using Ladder.Contracts.Wire;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.Client;

/// <summary>The client against the real platform, with its network cut by a relay (the nodes stay up).</summary>
[Collection(LadderCollection.Name)]
public sealed class ClientResumeTests(LadderAppFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SendMadeWhileDisconnectedIsDeliveredExactlyOnceAfterTheReconnect()
    {
        var room = Rooms.New();
        await using var proxy = new TcpProxy(fixture.ChatNode(1));
        await using var sender = await TestClients.ConnectAsync(TestClients.NewUser("sender"), [proxy.Address], [fixture.ChatNode(1)]);
        await using var observer = await TestClients.ConnectAsync(TestClients.NewUser("observer"), [fixture.ChatNode(2)]);
        var atSender = new ClientRecorder(sender);
        var atObserver = new ClientRecorder(observer);
        await sender.JoinAsync(room);
        await observer.JoinAsync(room);

        proxy.Cut();
        await atSender.WaitForStateAsync(ConnectionState.Reconnecting, Timeout);
        var sending = sender.SendAsync(room, "written while offline");
        // Deliberately lets time pass: offline, the send must stay pending (a negative check has nothing to wait for).
        await Task.Delay(500);
        Assert.False(sending.IsCompleted);
        Assert.Equal(1, sender.PendingSends);
        proxy.Restore();
        var seq = await sending.WaitAsync(Timeout);

        await atObserver.WaitForMessagesAsync(messages => messages.Any(message => message.Seq == seq), Timeout, $"seq {seq}");
        await atSender.WaitForMessagesAsync(messages => messages.Any(message => message.Seq == seq), Timeout, $"own seq {seq}");
        // A second stored copy would have been stored before the ack, so before this marker: once the marker is in,
        // nothing earlier can still arrive.
        var marker = await observer.SendAsync(room, "marker");
        await atObserver.WaitForMessagesAsync(messages => messages.Any(message => message.Seq == marker), Timeout, "the marker");
        await atSender.WaitForMessagesAsync(messages => messages.Any(message => message.Seq == marker), Timeout, "the marker at the sender");
        var seen = Assert.Single(atObserver.In(room), message => message.Seq != marker);
        Assert.Equal("written while offline", seen.Text);
        Assert.Equal(seq, seen.Seq);
        Assert.Single(atSender.In(room), message => message.Seq != marker);
    }

    [Fact]
    public async Task SendWhoseAckWasLostIsResentAndStoredOnce()
    {
        var room = Rooms.New();
        await using var proxy = new TcpProxy(fixture.ChatNode(1));
        await using var sender = await TestClients.ConnectAsync(TestClients.NewUser("sender"), [proxy.Address], [fixture.ChatNode(1)]);
        await using var observer = await TestClients.ConnectAsync(TestClients.NewUser("observer"), [fixture.ChatNode(2)]);
        var atObserver = new ClientRecorder(observer);
        await sender.JoinAsync(room);
        await observer.JoinAsync(room);

        // The send reaches the node and is stored, but nothing the node says gets back: then the network dies.
        proxy.HoldDownstream();
        var sending = sender.SendAsync(room, "ack lost");
        await atObserver.WaitForMessagesAsync(messages => messages.Count == 1, Timeout, "the stored message");
        Assert.False(sending.IsCompleted);
        proxy.Cut();
        proxy.Restore();
        var seq = await sending.WaitAsync(Timeout);

        // A second stored copy would have been stored before the ack, so before this marker.
        var marker = await observer.SendAsync(room, "marker");
        await atObserver.WaitForMessagesAsync(messages => messages.Any(message => message.Seq == marker), Timeout, "the marker");
        var stored = Assert.Single(atObserver.In(room), message => message.Seq != marker);
        Assert.Equal(stored.Seq, seq);
    }

    [Fact]
    public async Task MessagesPostedDuringACutAreReceivedOnceInOrderAfterResume()
    {
        const int count = 20;
        var room = Rooms.New();
        await using var proxy = new TcpProxy(fixture.ChatNode(1));
        await using var reader = await TestClients.ConnectAsync(TestClients.NewUser("reader"), [proxy.Address], [fixture.ChatNode(1)]);
        await using var writer = await TestClients.ConnectAsync(TestClients.NewUser("writer"), [fixture.ChatNode(2)]);
        var atReader = new ClientRecorder(reader);
        await reader.JoinAsync(room);
        await writer.JoinAsync(room);

        var before = await writer.SendAsync(room, "before");
        await atReader.WaitForMessagesAsync(messages => messages.Count == 1, Timeout, "the first message");
        proxy.Cut();
        await atReader.WaitForStateAsync(ConnectionState.Reconnecting, Timeout);
        var during = new List<ulong>();
        for (var i = 0; i < count; i++)
        {
            during.Add(await writer.SendAsync(room, $"during {i}"));
        }

        proxy.Restore();
        var after = await writer.SendAsync(room, "after");

        // The room's entries reach the reader in seq order: once this marker is in, no stray copy of an earlier one can follow.
        var marker = await writer.SendAsync(room, "marker");
        await atReader.WaitForMessagesAsync(messages => messages.Any(message => message.Seq == marker), Timeout, "the marker");
        Assert.Equal([before, .. during, after, marker], atReader.In(room).Select(message => message.Seq));
        Assert.Equal(marker, reader.GetLastKnownId(room));
    }

    [Fact]
    public async Task HistoryPagesOlderMessages()
    {
        var room = Rooms.New();
        await using var client = await TestClients.ConnectAsync(TestClients.NewUser("historian"), [fixture.ChatNode(1)]);
        await client.JoinAsync(room);
        var seqs = new List<ulong>();
        for (var i = 0; i < 3; i++)
        {
            seqs.Add(await client.SendAsync(room, $"old {i}"));
        }

        // The archive fills asynchronously (log → RabbitMQ → PostgreSQL).
        var deadline = DateTime.UtcNow + Timeout;
        HistoryFrame page;
        while ((page = await client.HistoryAsync(room, limit: 10)).Messages.Count < seqs.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200); // poll interval: the archive catches up in its own time
        }

        Assert.Equal(seqs.AsEnumerable().Reverse(), page.Messages.Select(message => message.Seq));
    }
}
