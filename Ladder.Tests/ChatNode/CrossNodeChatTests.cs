using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

[Collection(LadderCollection.Name)]
public sealed class CrossNodeChatTests(LadderAppFixture fixture)
{
    [Fact]
    public async Task UsersOnDifferentNodesExchangeMessages()
    {
        var room = Rooms.New();
        await using var alice = await TestSocket.ConnectAsync(fixture.ChatNode(1), "alice");
        await using var bob = await TestSocket.ConnectAsync(fixture.ChatNode(2), "bob");
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);

        var ack = await alice.SendMessageAsync(room, "a-1", "hello bob");
        var atBob = await bob.NextAsync("message");
        await bob.SendMessageAsync(room, "b-1", "hi alice");
        var atAlice = await alice.NextAsync("message");
        var reply = await alice.NextAsync("message");

        Assert.Equal("ack", (string?)ack["type"]);
        Assert.False((bool)ack["duplicate"]!);
        Assert.Equal((ulong)ack["seq"]!, (ulong)atBob["seq"]!);
        Assert.Equal("alice", (string?)atBob["sender"]);
        Assert.Equal("hello bob", (string?)atBob["text"]);
        Assert.Equal("a-1", (string?)atBob["clientMsgId"]);
        Assert.Equal("hello bob", (string?)atAlice["text"]);
        Assert.Equal("hi alice", (string?)reply["text"]);
        Assert.True((ulong)reply["seq"]! > (ulong)atBob["seq"]!);
        Assert.True(DateTimeOffset.TryParse((string?)atBob["ts"], out _));
    }

    [Fact]
    public async Task ConcurrentSendersOnBothNodesAreSeenInTheSameOrderByEveryone()
    {
        const int perSender = 30;
        var room = Rooms.New();
        await using var reader1 = await TestSocket.ConnectAsync(fixture.ChatNode(1), "reader1");
        await using var reader2 = await TestSocket.ConnectAsync(fixture.ChatNode(2), "reader2");
        await using var s1 = await TestSocket.ConnectAsync(fixture.ChatNode(1), "sender1");
        await using var s2 = await TestSocket.ConnectAsync(fixture.ChatNode(2), "sender2");
        await using var s3 = await TestSocket.ConnectAsync(fixture.ChatNode(1), "sender3");
        TestSocket[] everyone = [reader1, reader2, s1, s2, s3];
        foreach (var member in everyone)
        {
            await member.JoinAsync(room);
        }

        var acks = await Task.WhenAll(new[] { s1, s2, s3 }.Select(async sender =>
        {
            var seqs = new List<ulong>();
            for (var i = 0; i < perSender; i++)
            {
                var ack = await sender.SendAckedAsync(room, $"{sender.User}-{i}", $"message {i} from {sender.User}");
                seqs.Add((ulong)ack["seq"]!);
            }

            return seqs;
        }));

        var expected = acks.SelectMany(seqs => seqs).Order().ToList();
        foreach (var member in everyone)
        {
            var seen = (await member.TakeAsync("message", expected.Count)).Select(frame => (ulong)frame["seq"]!).ToList();
            Assert.Equal(expected, seen);
        }
    }
}
