using Bunit;
using Ladder.Admin.Components.Pages;
using Ladder.Admin.Components.Shared;
using Ladder.Admin.Services;
using Ladder.Contracts.Archive;

namespace Ladder.Tests.Admin.Components;

/// <summary>The audit log table and its filter.</summary>
public sealed class AuditTableTests : IAsyncLifetime
{
    private readonly BunitContext context = ConsoleTestContext.Create();

    [Fact]
    public void ListsEachActionWithItsTargetAndReasonAsText()
    {
        var at = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
        var table = context.Render<AuditTable>(parameters => parameters.Add(component => component.Rows,
        [
            new AuditRow(2, at, "admin", "ban", null, "mallory", null, "<img src=x onerror=alert(1)>", null),
            new AuditRow(1, at, "admin", "delete", "lobby", "bob", 42, null, null),
        ]));

        var rows = table.FindAll("#audit tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("for good", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("<img src=x onerror=alert(1)>", table.Find("tr.action-ban td.reason").TextContent);
        Assert.Empty(table.FindAll("img"));
        Assert.Contains("42", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("2026-11-28 10:00:00Z", rows[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void FilterTreatsBlanksAsNoFilterAndBoundsTheLimit()
    {
        Assert.Equal(new AuditFilter(null, "ban", null, "mallory", AuditFilter.MaxLimit), new AuditFilter(" ", "ban", "", " mallory ", 10_000).Normalized());
        Assert.Equal(1, new AuditFilter(Limit: 0).Normalized().Limit);
    }

    [Fact]
    public void ActionFilterListsEveryActionOnceTheServerApisIncluded()
    {
        Assert.Subset(Audit.Actions.ToHashSet(StringComparer.Ordinal), ServerApiActions.All.ToHashSet(StringComparer.Ordinal));
        Assert.Subset(Audit.Actions.ToHashSet(StringComparer.Ordinal), ModerationActions.All.ToHashSet(StringComparer.Ordinal));
        Assert.Equal(Audit.Actions.Count, Audit.Actions.Distinct(StringComparer.Ordinal).Count());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await context.DisposeAsync();
}
