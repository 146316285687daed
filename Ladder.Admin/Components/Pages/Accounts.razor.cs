using Ladder.Admin.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Ladder.Admin.Components.Pages;

/// <summary>Admins only: the console's accounts, a form for a new moderator, and disable/enable per account.</summary>
public sealed partial class Accounts : IDisposable
{
    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = null!;

    [Inject]
    private AccountDirectory Directory { get; set; } = null!;

    private IReadOnlyList<ConsoleAccount>? rows;
    private string? notice;
    private string? me;
    private bool busy;
    private string? newUser;
    private string? newDisplayName;
    private string? newPassword;
    private readonly CancellationTokenSource teardown = new();

    protected override async Task OnInitializedAsync()
    {
        me = (await Authentication).User.Identity?.Name;
        await LoadAsync();
    }

    private async Task CreateAsync()
    {
        var user = newUser?.Trim() ?? "";
        await RunAsync(
            actor => Directory.CreateModeratorAsync(user, newDisplayName, newPassword ?? "", actor, teardown.Token),
            $"Moderator {user} created.");
        if (notice == $"Moderator {user} created.")
        {
            newUser = newDisplayName = newPassword = null;
        }
    }

    private Task SetDisabledAsync(string user, bool disabled) =>
        RunAsync(
            actor => Directory.SetDisabledAsync(user, disabled, actor, teardown.Token),
            disabled ? $"{user} disabled: their sessions end within seconds." : $"{user} enabled.");

    /// <summary>Runs a change as the signed-in admin (<see cref="AdminChange"/>) and reloads the list.</summary>
    private async Task RunAsync(Func<string, Task<string?>> change, string done)
    {
        (notice, var ran) = await AdminChange.RunAsync(Authentication, "accounts", change, done, value => busy = value);
        if (ran)
        {
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            rows = await Directory.ListAsync(teardown.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            notice = $"Accounts unavailable: {exception.Message}";
            rows ??= [];
        }
    }

    public void Dispose()
    {
        teardown.Cancel();
        teardown.Dispose();
    }
}
