using Bunit;
using Ladder.Admin.Components.Shared;
using Ladder.Admin.Services;

namespace Ladder.Tests.Admin.Components;

/// <summary>A room's messages as the room page lists them: user text stays text, deleted text is never shown.</summary>
public sealed class MessageListTests : IAsyncLifetime
{
    private readonly BunitContext context = ConsoleTestContext.Create();

    [Fact]
    public void UserTextIsRenderedAsTextNeverAsMarkup()
    {
        const string text = "<script>alert('x')</script><b>bold</b>";
        var list = context.Render<MessageList>(parameters => parameters
            .Add(component => component.Messages, [new ArchivedMessage(7, "<i>mallory</i>", text, DateTimeOffset.UtcNow, false)]));

        Assert.Equal(text, list.Find(".text").TextContent);
        Assert.Empty(list.FindAll(".text script"));
        Assert.Empty(list.FindAll(".text b"));
        Assert.Empty(list.FindAll("td i"));
        Assert.Contains("&lt;script&gt;", list.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void DeletedMessageShowsNoTextAndNoDeleteButton()
    {
        var list = context.Render<MessageList>(parameters => parameters
            .Add(component => component.Messages, [new ArchivedMessage(9, "bob", null, DateTimeOffset.UtcNow, true)]));

        Assert.Equal("deleted", list.Find("tr.seq-9 .deleted").TextContent);
        Assert.Empty(list.FindAll("tr.seq-9 .delete"));
    }

    [Fact]
    public void DeleteHandsTheMessageToTheOwnerAndPendingDisablesIt()
    {
        ArchivedMessage? asked = null;
        var message = new ArchivedMessage(11, "bob", "spam", DateTimeOffset.UtcNow, false);
        var list = context.Render<MessageList>(parameters => parameters
            .Add(component => component.Messages, [message])
            .Add(component => component.OnDelete, (ArchivedMessage chosen) => asked = chosen));

        list.Find("tr.seq-11 .delete").Click();
        Assert.Equal(message, asked);

        list.Render(parameters => parameters.Add(component => component.Pending, new HashSet<ulong> { 11 }));
        Assert.Contains("Deleting", list.Find("tr.seq-11 .delete").TextContent, StringComparison.Ordinal);
        Assert.True(list.Find("tr.seq-11 .delete").HasAttribute("disabled"));
    }

    [Fact]
    public void LongListsArePagedNewestFirst()
    {
        var sent = DateTimeOffset.UtcNow;
        var messages = Enumerable.Range(1, MessageList.PageSize * 2 + 5)
            .Select(seq => new ArchivedMessage((ulong)seq, "bob", $"message {seq}", sent, false)).ToList();
        var list = context.Render<MessageList>(parameters => parameters.Add(component => component.Messages, messages));

        var rows = list.FindAll("#messages tbody tr.message");
        Assert.Equal(MessageList.PageSize, rows.Count);
        Assert.Contains("seq-45", rows[0].ClassName, StringComparison.Ordinal);
        Assert.NotEmpty(list.FindAll(".paginator"));

        list.Find(".paginator fluent-button[title='Go to next page'], .paginator [aria-label='Go to next page'], .paginator button[title='Go to next page']").Click();
        list.WaitForAssertion(() => Assert.Contains("seq-25", list.FindAll("#messages tbody tr.message")[0].ClassName, StringComparison.Ordinal));
    }

    [Fact]
    public void AShortListHasNoPaginator()
    {
        var list = context.Render<MessageList>(parameters => parameters
            .Add(component => component.Messages, [new ArchivedMessage(1, "bob", "hi", DateTimeOffset.UtcNow, false)]));
        Assert.Empty(list.FindAll(".paginator"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await context.DisposeAsync();
}
