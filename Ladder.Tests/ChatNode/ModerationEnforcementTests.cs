using System.Net.WebSockets;
using Ladder.Contracts.Moderation;
using Ladder.Tests.Admin;
using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.ChatNode;

/// <summary>The chat nodes enforce what moderators decide: each test sanctions a user of its own.</summary>
[Collection(LadderCollection.Name)]
public sealed class ModerationEnforcementTests(LadderAppFixture fixture)
{
    [Fact]
    public async Task ABanClosesTheUserOnBothNodesWith4003AndRefusesANewConnection()
    {
        var user = $"banned-{Guid.NewGuid():N}"[..20];
        await using var onFirst = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);
        await using var onSecond = await TestSocket.ConnectAsync(fixture.ChatNode(2), user);
        await using var bus = await ModerationBus.StartAsync(fixture);

        await bus.PublishAsync(new BanUser(user, null, "mod-test", "spam"));

        Assert.Equal((WebSocketCloseStatus)4003, await onFirst.WaitClosedAsync());
        Assert.Equal((WebSocketCloseStatus)4003, await onSecond.WaitClosedAsync());
        foreach (var node in new[] { 1, 2 })
        {
            var refused = await Assert.ThrowsAsync<WebSocketException>(() => TestSocket.ConnectAsync(fixture.ChatNode(node), user));
            Assert.Contains("403", refused.Message);
        }
    }

    [Fact]
    public async Task AKickClosesWith4003AndTheUserMayComeBack()
    {
        var user = $"kicked-{Guid.NewGuid():N}"[..20];
        await using var client = await TestSocket.ConnectAsync(fixture.ChatNode(2), user);
        await using var bus = await ModerationBus.StartAsync(fixture);

        await bus.PublishAsync(new KickUser(user, "mod-test", "cool down"));

        Assert.Equal((WebSocketCloseStatus)4003, await client.WaitClosedAsync());
        await using var back = await TestSocket.ConnectAsync(fixture.ChatNode(2), user);
        await back.JoinAsync(Rooms.New());
    }

    /// <summary>A close reason holds at most 123 UTF-8 bytes; a longer moderator's reason used to make the close throw
    /// and the socket was aborted without 4003.</summary>
    [Fact]
    public async Task AKickWithAReasonLongerThanACloseFrameStillClosesWith4003()
    {
        var user = $"kicked-{Guid.NewGuid():N}"[..20];
        await using var client = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);
        await using var bus = await ModerationBus.StartAsync(fixture);

        await bus.PublishAsync(new KickUser(user, "mod-test", string.Concat(Enumerable.Repeat("é🎉 too long ", 40))));

        Assert.Equal((WebSocketCloseStatus)4003, await client.WaitClosedAsync());
    }

    [Fact]
    public async Task AMutedUserIsRefusedWithForbiddenInThatRoomOnly()
    {
        var user = $"muted-{Guid.NewGuid():N}"[..20];
        var room = Rooms.New();
        var other = Rooms.New();
        await using var client = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);
        await client.JoinAsync(room);
        await client.JoinAsync(other);
        await using var bus = await ModerationBus.StartAsync(fixture);

        await bus.PublishAsync(new MuteUser(user, room, DateTimeOffset.UtcNow.AddMinutes(5), "mod-test", "off topic"));

        // The mute reaches Redis through the archiver; poll with fresh ids until it bites.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        string? code = "ack";
        for (var i = 0; code == "ack" && DateTime.UtcNow < deadline; i++)
        {
            var answer = await client.SendMessageAsync(room, $"try-{i}", "hello?");
            code = (string?)answer["type"] == "ack" ? "ack" : (string?)answer["code"];
            await Task.Delay(200); // poll interval, under the deadline
        }

        var elsewhere = await client.SendMessageAsync(other, "elsewhere", "still allowed here");
        Assert.Equal("forbidden", code);
        Assert.Equal("ack", (string?)elsewhere["type"]);
    }

    [Fact]
    public async Task AMuteLimitedToADirectMessageIsEnforcedThere()
    {
        // The archiver once took v1 room names only: a mute limited to a namespaced room was dead-lettered.
        var user = $"muted-{Guid.NewGuid():N}"[..20];
        var peer = $"peer-{Guid.NewGuid():N}"[..20];
        var conversation = "dm:" + string.Join(',', new[] { user, peer }.Order(StringComparer.Ordinal));
        var other = Rooms.New();
        await using var client = await TestSocket.ConnectAsync(fixture.ChatNode(1), user);
        await client.JoinAsync(conversation);
        await client.JoinAsync(other);
        await using var bus = await ModerationBus.StartAsync(fixture);

        await bus.PublishAsync(new MuteUser(user, conversation, DateTimeOffset.UtcNow.AddMinutes(5), "mod-test", "harassment"));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        string? code = "ack";
        for (var i = 0; code == "ack" && DateTime.UtcNow < deadline; i++)
        {
            var answer = await client.SendMessageAsync(conversation, $"try-{i}", "hello?");
            code = (string?)answer["type"] == "ack" ? "ack" : (string?)answer["code"];
            await Task.Delay(200); // poll interval, under the deadline
        }

        var elsewhere = await client.SendMessageAsync(other, "elsewhere", "still allowed here");
        Assert.Equal("forbidden", code);
        Assert.Equal("ack", (string?)elsewhere["type"]);
    }
}
