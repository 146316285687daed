using Ladder.Admin.Services;
using Ladder.Contracts.Archive;
using Microsoft.AspNetCore.Components;

namespace Ladder.Admin.Components.Pages;

/// <summary>Every moderator action, newest first, filterable by moderator, action, room and user.</summary>
public sealed partial class Audit : IDisposable
{
    /// <summary>The audit log's action names: the archiver's moderation consumers', the console's own and the server
    /// API's (its calls and the console's key changes).</summary>
    public static readonly IReadOnlyList<string> Actions = [.. ModerationActions.All, .. ConsoleAuditActions.All, .. ServerApiActions.All];

    [SupplyParameterFromQuery(Name = "user")]
    public string? UserFilter { get; set; }

    [SupplyParameterFromQuery(Name = "room")]
    public string? RoomFilter { get; set; }

    [Inject]
    private AuditLogReader Reader { get; set; } = null!;

    private string? moderator;
    private string? action;
    private string? room;
    private string? user;
    private IReadOnlyList<AuditRow>? rows;
    private string? problem;
    private readonly CancellationTokenSource teardown = new();

    protected override async Task OnParametersSetAsync()
    {
        room ??= RoomFilter;
        user ??= UserFilter;
        await LoadAsync();
    }

    /// <summary>The filter as the form shows it now.</summary>
    public AuditFilter Filter => new AuditFilter(moderator, action, room, user).Normalized();

    private async Task LoadAsync()
    {
        try
        {
            rows = await Reader.QueryAsync(Filter, teardown.Token);
            problem = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            problem = $"Audit log unavailable: {exception.Message}";
        }
    }

    public void Dispose()
    {
        teardown.Cancel();
        teardown.Dispose();
    }
}
