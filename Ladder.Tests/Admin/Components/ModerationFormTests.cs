using Bunit;
using Ladder.Admin.Components.Shared;
using Ladder.Admin.Services;

namespace Ladder.Tests.Admin.Components;

/// <summary>The user page's mute / ban / kick form: a reason is required and each action asks for what it needs.</summary>
public sealed class ModerationFormTests : IAsyncLifetime
{
    private readonly BunitContext context = ConsoleTestContext.Create();
    private readonly List<ModerationRequest> requests = [];

    [Fact]
    public void RefusesAnActionWithoutAReason()
    {
        var form = Render();

        form.Find("#moderation-ban").Click();

        Assert.Empty(requests);
        Assert.Contains("reason is required", form.Find("#moderation-error").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void BanCarriesTheChosenDurationAndNoRoom()
    {
        var form = Render();
        form.Find("#moderation-room").Change("lobby");
        form.Find("#moderation-reason").Change("  spam bot  ");

        form.Find("#moderation-ban").Click();

        var request = Assert.Single(requests);
        Assert.Equal(new ModerationRequest(ModerationKind.Ban, "mallory", null, TimeSpan.FromHours(1), "spam bot"), request);
        Assert.Empty(form.FindAll("#moderation-error"));
    }

    [Fact]
    public void MuteCarriesTheRoomAndKickNoDuration()
    {
        var form = Render();
        form.Find("#moderation-room").Change("lobby");
        form.Find("#moderation-reason").Change("off topic");
        form.Find("#moderation-mute").Click();
        form.Find("#moderation-reason").Change("cool down");
        form.Find("#moderation-kick").Click();

        Assert.Equal(
            [
                new ModerationRequest(ModerationKind.Mute, "mallory", "lobby", TimeSpan.FromHours(1), "off topic"),
                new ModerationRequest(ModerationKind.Kick, "mallory", null, null, "cool down"),
            ],
            requests);
    }

    [Fact]
    public void RefusesAMuteInAnInvalidRoom()
    {
        var form = Render();
        form.Find("#moderation-room").Change("Not A Room");
        form.Find("#moderation-reason").Change("x");

        form.Find("#moderation-mute").Click();

        Assert.Empty(requests);
        Assert.Contains("room", form.Find("#moderation-error").TextContent, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await context.DisposeAsync();

    private IRenderedComponent<ModerationForm> Render() => context.Render<ModerationForm>(parameters => parameters
        .Add(component => component.User, "mallory")
        .Add(component => component.OnSubmit, (ModerationRequest request) => requests.Add(request)));
}
