using Ladder.Admin.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Ladder.Admin.Components.Pages;

/// <summary>Admins only: the server API's keys, a form for a new one (its text shown once), and revoke per key.</summary>
public sealed partial class ApiKeys : IDisposable
{
    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = null!;

    [Inject]
    private ApiKeyDirectory Directory { get; set; } = null!;

    private readonly HashSet<string> newScopes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource teardown = new();
    private IReadOnlyList<ApiKeyInfo>? rows;
    private string? notice;
    private string? createdKey;
    private string? newName;
    private bool busy;

    protected override Task OnInitializedAsync() => LoadAsync();

    private void Toggle(string scope, bool on)
    {
        if (on)
        {
            newScopes.Add(scope);
        }
        else
        {
            newScopes.Remove(scope);
        }
    }

    private async Task CreateAsync()
    {
        var name = newName?.Trim() ?? "";
        createdKey = null;
        await RunAsync(async actor =>
        {
            var created = await Directory.CreateAsync(name, newScopes, actor, teardown.Token);
            createdKey = created.Key;
            if (created.Key is not null)
            {
                newName = null;
                newScopes.Clear();
            }

            return created.Refusal;
        }, $"Key {name} created.");
    }

    private Task RevokeAsync(string id, string name) =>
        RunAsync(actor => Directory.RevokeAsync(id, actor, teardown.Token), $"Key {name} revoked: every chat node refuses it within seconds.");

    /// <summary>Runs a change as the signed-in admin (<see cref="AdminChange"/>) and reloads the list.</summary>
    private async Task RunAsync(Func<string, Task<string?>> change, string done)
    {
        (notice, var ran) = await AdminChange.RunAsync(Authentication, "API keys", change, done, value => busy = value);
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
            notice = $"API keys unavailable: {exception.Message}";
            rows ??= [];
        }
    }

    public void Dispose()
    {
        teardown.Cancel();
        teardown.Dispose();
    }
}
