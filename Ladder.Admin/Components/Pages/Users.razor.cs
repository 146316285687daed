using Ladder.Admin.Services;
using Ladder.Contracts.State;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Ladder.Admin.Components.Pages;

/// <summary>Find a user; see their connections on every node and their sanctions; mute, ban or kick them.</summary>
public sealed partial class Users : IDisposable
{
    [SupplyParameterFromQuery]
    public string? Name { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = null!;

    [Inject]
    private UserDirectory Directory { get; set; } = null!;

    [Inject]
    private ModerationCommands Commands { get; set; } = null!;

    [Inject]
    private OverviewNotifier Notifier { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    private string? query;
    private IReadOnlyList<string>? matches;
    private IReadOnlyList<UserSession> sessions = [];
    private UserStatus? status;
    private string? notice;
    private IDisposable? subscription;
    private readonly CancellationTokenSource teardown = new();

    protected override async Task OnParametersSetAsync()
    {
        query ??= Name;
        notice = null;
        await LoadAsync();
        subscription ??= Notifier.Subscribe(_ => InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }));
    }

    private async Task SearchAsync()
    {
        var prefix = query?.Trim() ?? "";
        if (prefix.Length == 0)
        {
            matches = null;
            return;
        }

        try
        {
            matches = await Directory.SearchAsync(prefix, teardown.Token);
            // An exact name is shown even without archived messages (a user who only connected).
            if (!matches.Contains(prefix, StringComparer.Ordinal))
            {
                Navigation.NavigateTo($"/users?name={Uri.EscapeDataString(prefix)}");
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            notice = $"Search unavailable: {exception.Message}";
        }
    }

    private async Task LoadAsync()
    {
        if (Name is null)
        {
            return;
        }

        try
        {
            sessions = await Directory.SessionsAsync(Name);
            status = await Directory.StatusAsync(Name, teardown.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            notice = $"User data unavailable: {exception.Message}";
        }
    }

    private async Task ActAsync(ModerationRequest request)
    {
        var moderator = (await Authentication).User.Identity?.Name ?? "unknown";
        var until = request.Duration is { } duration ? Time.GetUtcNow() + duration : (DateTimeOffset?)null;
        try
        {
            switch (request.Kind)
            {
                case ModerationKind.Mute:
                    await Commands.MuteAsync(request.User, request.Room, until, moderator, request.Reason);
                    break;
                case ModerationKind.Ban:
                    await Commands.BanAsync(request.User, until, moderator, request.Reason);
                    break;
                case ModerationKind.Kick:
                    await Commands.KickAsync(request.User, moderator, request.Reason);
                    break;
            }

            notice = $"{request.Kind} of {request.User} sent.";
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            notice = $"{request.Kind} of {request.User} not sent: {exception.Message}";
        }
    }

    /// <summary>Ends a ban or mute now: the same command with an end that has passed (the contracts have no "unban").</summary>
    private async Task LiftAsync(ModerationKind kind, string? room)
    {
        var moderator = (await Authentication).User.Identity?.Name ?? "unknown";
        var now = Time.GetUtcNow();
        try
        {
            if (kind == ModerationKind.Ban)
            {
                await Commands.BanAsync(Name!, now, moderator, "lifted");
            }
            else
            {
                await Commands.MuteAsync(Name!, room, now, moderator, "lifted");
            }

            notice = $"Lifting the {kind.ToString().ToLowerInvariant()} of {Name} sent.";
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            notice = $"Lifting not sent: {exception.Message}";
        }
    }

    public void Dispose()
    {
        subscription?.Dispose();
        teardown.Cancel();
        teardown.Dispose();
    }
}
