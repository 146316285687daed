using Ladder.Admin.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.FluentUI.AspNetCore.Components;

namespace Ladder.Admin.Components.Pages;

/// <summary>Every room with its online count and activity, refreshed with the overview's ticks.</summary>
public sealed partial class Rooms : IDisposable
{
    [Inject]
    private RoomDirectory Directory { get; set; } = null!;

    [Inject]
    private OverviewNotifier Notifier { get; set; } = null!;

    private static readonly GridSort<RoomSummary> byName = GridSort<RoomSummary>.ByAscending(room => room.Room);
    private static readonly GridSort<RoomSummary> byLastMessage = GridSort<RoomSummary>.ByAscending(room => room.LastMessageAt ?? DateTimeOffset.MinValue);

    private readonly PaginationState pagination = new() { ItemsPerPage = 25 };
    private IReadOnlyList<RoomSummary>? rooms;
    private string? problem;
    private IDisposable? subscription;
    private readonly CancellationTokenSource teardown = new();

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        subscription = Notifier.Subscribe(_ => InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }));
    }

    private async Task LoadAsync()
    {
        try
        {
            rooms = await Directory.ListAsync(teardown.Token);
            problem = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            problem = $"Rooms unavailable: {exception.Message}";
        }
    }

    public void Dispose()
    {
        subscription?.Dispose();
        teardown.Cancel();
        teardown.Dispose();
    }
}
