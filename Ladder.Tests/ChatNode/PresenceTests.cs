using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

[Collection(LadderCollection.Name)]
public sealed class PresenceTests(LadderAppFixture fixture)
{
    [Fact]
    public async Task PresenceIsSharedAcrossNodesOnJoinAndOnChange()
    {
        var room = Rooms.New();
        await using var alice = await TestSocket.ConnectAsync(fixture.ChatNode(1), "alice");
        await alice.JoinAsync(room);
        var alone = await alice.NextAsync("presence");

        await using var bob = await TestSocket.ConnectAsync(fixture.ChatNode(2), "bob");
        await bob.JoinAsync(room);
        var both = await bob.NextAsync("presence");
        var bobCame = await alice.NextAsync("presence");
        await bob.SendAsync(new { type = "leave", room });
        var bobWent = await alice.NextAsync("presence");

        Assert.Equal(["alice"], alone["online"]!.AsArray().Select(user => (string?)user));
        Assert.Equal(["alice", "bob"], both["online"]!.AsArray().Select(user => (string?)user));
        Assert.Equal("bob", (string?)bobCame["joinedUser"]);
        Assert.Equal("bob", (string?)bobWent["leftUser"]);
    }

    [Fact]
    public async Task ClosingASecondConnectionOfTheSameUserIsNotADeparture()
    {
        var room = Rooms.New();
        await using var watcher = await TestSocket.ConnectAsync(fixture.ChatNode(1), "watcher");
        await watcher.JoinAsync(room);
        await watcher.NextAsync("presence");
        await using var first = await TestSocket.ConnectAsync(fixture.ChatNode(1), "dana");
        await first.JoinAsync(room);
        var arrived = await watcher.NextAsync("presence");
        Assert.True((string?)arrived["joinedUser"] == "dana", string.Join(" | ", watcher.All().Select(frame => frame.ToJsonString())));
        await first.NextAsync("presence");

        var second = await TestSocket.ConnectAsync(fixture.ChatNode(2), "dana");
        await second.JoinAsync(room);
        await second.DisposeAsync();
        await first.SendAsync(new { type = "leave", room });
        var left = await watcher.NextAsync("presence");
        while ((string?)left["leftUser"] is null)
        {
            left = await watcher.NextAsync("presence");
        }

        // The first departure the watcher hears of comes only after dana's last connection left.
        Assert.True((string?)left["leftUser"] == "dana", string.Join(" | ", watcher.All().Select(frame => frame.ToJsonString())));
        Assert.Single(watcher.All(), frame => (string?)frame["leftUser"] == "dana");
    }
}
