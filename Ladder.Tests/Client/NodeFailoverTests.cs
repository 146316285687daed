using System.Collections.Concurrent;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.Client;

[Collection(FailoverCollection.Name)]
public sealed class NodeFailoverTests(FailoverFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ClientOfAKilledNodeFailsOverToTheOtherNodeAndLosesNothing()
    {
        const int writerMessages = 60;
        const int victimMessages = 20;
        var room = Rooms.New();
        Uri chat1 = fixture.ChatNode(1), chat2 = fixture.ChatNode(2);
        // Tokens from the surviving node first: chat-1 is about to die.
        await using var victim = await TestClients.ConnectAsync(TestClients.NewUser("victim"), [chat1, chat2], [chat2, chat1]);
        await using var writer = await TestClients.ConnectAsync(TestClients.NewUser("writer"), [chat2]);
        Assert.Equal(chat1, victim.CurrentNode);
        var atVictim = new ClientRecorder(victim);
        var atWriter = new ClientRecorder(writer);
        await victim.JoinAsync(room);
        await writer.JoinAsync(room);

        // Both keep posting while the victim's node dies: the writer's messages must reach the victim through the
        // resume, and the victim's own sends go through its outbox to the other node.
        var acked = new ConcurrentBag<ulong>();
        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < writerMessages; i++)
            {
                acked.Add(await writer.SendAsync(room, $"writer {i}"));
                await Task.Delay(20); // pacing: the writes must span the node's failure
            }
        });
        var sending = Task.Run(async () =>
        {
            var pending = new List<Task<ulong>>();
            for (var i = 0; i < victimMessages; i++)
            {
                pending.Add(victim.SendAsync(room, $"victim {i}"));
                await Task.Delay(60); // pacing: the sends must span the node's failure
            }

            foreach (var seq in await Task.WhenAll(pending))
            {
                acked.Add(seq);
            }
        });
        await atVictim.WaitForMessagesAsync(messages => messages.Count >= 10, Timeout, "traffic before the kill");
        await fixture.KillChatNodeAsync(1);

        try
        {
            await Task.WhenAll(writing, sending).WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Sends did not complete: victim {victim.State} on {victim.CurrentNode} with {victim.PendingSends} pending; "
                + "errors: " + string.Join(", ", atVictim.Errors.Select(error => $"{error.Code} {error.Message}").Distinct())
                + "; states: " + string.Join(", ", atVictim.States.Select(change => $"{change.State} {change.Node} {change.Error?.Message}")));
        }
        var expected = acked.Order().ToArray();
        Assert.Equal(writerMessages + victimMessages, expected.Distinct().Count());
        var last = expected[^1];
        await atVictim.WaitForMessagesAsync(messages => messages.Any(message => message.Seq == last), Timeout, $"seq {last} at the victim");
        await atWriter.WaitForMessagesAsync(messages => messages.Any(message => message.Seq == last), Timeout, $"seq {last} at the writer");
        // Entries reach each client in seq order: once this marker is in, no stray copy of an earlier one can follow.
        var marker = await writer.SendAsync(room, "marker");
        await atVictim.WaitForMessagesAsync(messages => messages.Any(message => message.Seq == marker), Timeout, "the marker at the victim");
        await atWriter.WaitForMessagesAsync(messages => messages.Any(message => message.Seq == marker), Timeout, "the marker at the writer");
        expected = [.. expected, marker];

        Assert.Equal(chat2, victim.CurrentNode);
        Assert.Contains(atVictim.States, change => change.State == Ladder.Client.ConnectionState.Reconnecting);
        Assert.Equal(expected, atVictim.In(room).Select(message => message.Seq));
        Assert.Equal(expected, atWriter.In(room).Select(message => message.Seq));
    }
}
