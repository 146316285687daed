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

        Assert.Equal(text, list.Find("td.text").TextContent);
        Assert.Empty(list.FindAll("td.text script"));
        Assert.Empty(list.FindAll("td.text b"));
        Assert.Empty(list.FindAll("td i"));
        Assert.Contains("&lt;script&gt;", list.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void DeletedMessageShowsNoTextAndNoDeleteButton()
    {
        var list = context.Render<MessageList>(parameters => parameters
            .Add(component => component.Messages, [new ArchivedMessage(9, "bob", null, DateTimeOffset.UtcNow, true)]));

        Assert.Equal("deleted", list.Find("tr[data-seq='9'] td.deleted").TextContent);
        Assert.Empty(list.FindAll("tr[data-seq='9'] .delete"));
    }

    [Fact]
    public void DeleteHandsTheMessageToTheOwnerAndPendingDisablesIt()
    {
        ArchivedMessage? asked = null;
        var message = new ArchivedMessage(11, "bob", "spam", DateTimeOffset.UtcNow, false);
        var list = context.Render<MessageList>(parameters => parameters
            .Add(component => component.Messages, [message])
            .Add(component => component.OnDelete, (ArchivedMessage chosen) => asked = chosen));

        list.Find("tr[data-seq='11'] .delete").Click();
        Assert.Equal(message, asked);

        list.Render(parameters => parameters.Add(component => component.Pending, new HashSet<ulong> { 11 }));
        Assert.Contains("Deleting", list.Find("tr[data-seq='11'] .delete").TextContent, StringComparison.Ordinal);
        Assert.True(list.Find("tr[data-seq='11'] .delete").HasAttribute("disabled"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await context.DisposeAsync();
}
