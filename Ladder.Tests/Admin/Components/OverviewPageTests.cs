using Bunit;
using Ladder.Admin.Components.Pages;
using Ladder.Admin.Services;
using Ladder.Contracts.State;
using Microsoft.Extensions.DependencyInjection;

namespace Ladder.Tests.Admin.Components;

/// <summary>The overview page follows the notifier live and lets go of it when torn down.</summary>
public sealed class OverviewPageTests : IAsyncLifetime
{
    private readonly BunitContext context = ConsoleTestContext.Create();
    private readonly OverviewNotifier notifier = new();

    public OverviewPageTests() => context.Services.AddSingleton(notifier);

    [Fact]
    public async Task ShowsEachNewSnapshotAsItArrives()
    {
        var page = context.Render<Overview>();
        page.Find("#no-nodes");

        await notifier.PublishAsync(Snapshot(Node("chat-1", 3), Node("chat-2", 4)));

        page.WaitForAssertion(() =>
        {
            Assert.Equal(2, page.FindAll("#nodes tbody tr").Count);
            Assert.Equal("7", page.Find("#connection-count").TextContent);
            Assert.Equal("2", page.Find("#node-count").TextContent);
        }, TimeSpan.FromSeconds(5));

        await notifier.PublishAsync(Snapshot(Node("chat-1", 1)));
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("#connection-count").TextContent), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ShowsArchiveLagStreamStateAndWhatCouldNotBeRead()
    {
        var page = context.Render<Overview>();
        var stream = new StreamSummary("CHAT", 120, 64_000, 1, 130, 10, [new ConsumerSummary("archiver", 5, 2, 0, 125)]);
        await notifier.PublishAsync(new OverviewSnapshot(DateTimeOffset.UtcNow, [], new ArchiveLag(100, 130, DateTimeOffset.UtcNow), stream, ["Redis (node stats): down"]));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("30", page.Find("#archive-lag").TextContent);
            Assert.Equal("130", page.Find("#stream-last-seq").TextContent);
            Assert.Contains("archiver", page.Find("#consumers").TextContent, StringComparison.Ordinal);
            Assert.Contains("Redis (node stats): down", page.Find("#problems").TextContent, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task LinksEachNodeToItsTracesAndMetricsInTheDashboard()
    {
        var page = context.Render<Overview>();
        await notifier.PublishAsync(Snapshot(Node("chat-2", 1)));

        page.WaitForAssertion(() =>
        {
            var links = page.FindAll("#nodes a").Select(link => link.GetAttribute("href")).ToList();
            Assert.Contains($"{ConsoleTestContext.DashboardUrl}/traces/resource/chat-2", links);
            Assert.Contains($"{ConsoleTestContext.DashboardUrl}/metrics/resource/chat-2", links);
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task TearingThePageDownEndsItsSubscription()
    {
        context.Render<Overview>();
        Assert.True(notifier.HasSubscribers);

        await context.DisposeComponentsAsync();

        Assert.False(notifier.HasSubscribers);
        // A snapshot after teardown reaches nobody and breaks nothing.
        await notifier.PublishAsync(Snapshot(Node("chat-1", 1)));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await context.DisposeAsync();

    private static OverviewSnapshot Snapshot(params NodeStats[] nodes) => new(DateTimeOffset.UtcNow, nodes, null, null, []);

    private static NodeStats Node(string name, int connections) => new(
        name, $"http://127.0.0.1/{name}", connections, 2, 1.5, 0, 50L * 1024 * 1024, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow);
}
