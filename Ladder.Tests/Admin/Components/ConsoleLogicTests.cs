using Ladder.Admin.Components.Pages;
using Ladder.Admin.Services;
using StackExchange.Redis;

namespace Ladder.Tests.Admin.Components;

/// <summary>The small decisions behind the pages: return URLs, Redis shapes, display formats.</summary>
public sealed class ConsoleLogicTests
{
    [Theory]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("/rooms/lobby", "/rooms/lobby")]
    [InlineData("users?name=bob", "/users?name=bob")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("https://evil.example/", "/")]
    public void SignInReturnsOnlyToThisSite(string? returnUrl, string expected) => Assert.Equal(expected, Login.LocalOnly(returnUrl));

    [Fact]
    public void NodeStatsAreReadFromTheNodesHash()
    {
        var started = new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
        var stats = NodeStatsReader.Parse(
        [
            new HashEntry("node", "chat-1"),
            new HashEntry("url", "http://127.0.0.1:5101"),
            new HashEntry("connections", 12),
            new HashEntry("rooms", 3),
            new HashEntry("messagesPerSecond", 4.5),
            new HashEntry("sendQueueDepth", 7),
            new HashEntry("memoryBytes", 123456789),
            new HashEntry("startedAt", started.ToString("O")),
            new HashEntry("updatedAt", started.AddMinutes(1).ToString("O")),
        ]);

        Assert.Equal(new Ladder.Contracts.State.NodeStats("chat-1", "http://127.0.0.1:5101", 12, 3, 4.5, 7, 123456789, started, started.AddMinutes(1)), stats);
    }

    [Fact]
    public void NodeStatsCarryTheChartsNumbersAndTopRooms()
    {
        var stats = NodeStatsReader.Parse(
        [
            new HashEntry("node", "chat-1"),
            new HashEntry("deliveriesPerSecond", 40.5),
            new HashEntry("latencyP50Ms", 1.2),
            new HashEntry("latencyP99Ms", 9.8),
            new HashEntry("slowConsumerCloses", 2),
            new HashEntry("refusedFrames", 5),
            new HashEntry("topRooms", "[{\"room\":\"lobby\",\"members\":7}]"),
        ]);

        Assert.Equal((40.5, 1.2, 9.8, 2L, 5L), (stats.DeliveriesPerSecond, stats.LatencyP50Ms, stats.LatencyP99Ms, stats.SlowConsumerCloses, stats.RefusedFrames));
        Assert.Equal([new Ladder.Contracts.State.RoomLoad("lobby", 7)], stats.TopRooms!);
        Assert.Empty(NodeStatsReader.Parse([new HashEntry("node", "chat-1"), new HashEntry("topRooms", "not json")]).TopRooms!);
    }

    [Fact]
    public void PresenceMembersSplitIntoUserAndNode()
    {
        var entry = RoomDirectory.Parse("alice.b|chat-2", 1_764_320_400_000);
        Assert.Equal("alice.b", entry.User);
        Assert.Equal("chat-2", entry.Node);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_764_320_400_000), entry.ExpiresAt);
    }

    [Fact]
    public void ArchiveLagNeverGoesNegative()
    {
        Assert.Equal(5UL, new ArchiveLag(10, 15, DateTimeOffset.UtcNow).Lag);
        Assert.Equal(0UL, new ArchiveLag(15, 10, DateTimeOffset.UtcNow).Lag);
    }

    [Fact]
    public void SizesAndDashboardLinksReadWell()
    {
        Assert.Equal("512 B", Display.Bytes(512));
        Assert.Equal("1.5 MiB", Display.Bytes(1024 * 1536));
        Assert.Equal("http://d:18888/metrics/resource/chat-1", Display.DashboardLink("http://d:18888/", "metrics", "chat-1"));
        Assert.Equal("http://d:18888/traces", Display.DashboardLink("http://d:18888", "traces"));
    }
}
