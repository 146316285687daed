using Ladder.Admin.Services;
using Ladder.Contracts.Archive;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Ladder.Admin.Components.Pages;

/// <summary>One room: live presence, its recent archived messages, and deletion.</summary>
public sealed partial class Room : IDisposable
{
    public const int PageSize = 50;

    [Parameter]
    public string Name { get; set; } = "";

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = null!;

    [Inject]
    private RoomDirectory Directory { get; set; } = null!;

    [Inject]
    private ModerationCommands Commands { get; set; } = null!;

    [Inject]
    private OverviewNotifier Notifier { get; set; } = null!;

    [Inject]
    private AuditLogReader Audit { get; set; } = null!;

    /// <summary>How many of the room's moderation actions the page lists beside its messages.</summary>
    private const int ActionCount = 10;

    private IReadOnlyList<AuditRow> actions = [];

    private IReadOnlyList<PresenceEntry> presence = [];
    private IReadOnlyList<ArchivedMessage>? messages;
    private readonly HashSet<ulong> pending = [];
    private string? reason;
    private string? closeReason;
    private string? notice;
    private IDisposable? subscription;
    private readonly CancellationTokenSource teardown = new();

    protected override async Task OnParametersSetAsync()
    {
        await LoadAsync();
        subscription ??= Notifier.Subscribe(_ => InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }));
    }

    private async Task LoadAsync()
    {
        try
        {
            // Three stores, read at once: the page waits for the slowest, not for the sum (Redis, then two PostgreSQL
            // round trips on connections of their own from the pool).
            var presenceRead = Directory.PresenceAsync(Name);
            var messagesRead = Directory.RecentAsync(Name, null, PageSize, teardown.Token);
            var actionsRead = Audit.QueryAsync(new AuditFilter(Room: Name, Limit: ActionCount), teardown.Token);
            await Task.WhenAll(presenceRead, messagesRead, actionsRead);
            presence = await presenceRead;
            messages = await messagesRead;
            actions = await actionsRead;
            // A deletion is pending until the archive shows the row deleted.
            pending.RemoveWhere(seq => messages.Any(message => message.Seq == seq && message.Deleted));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            notice = $"Room data unavailable: {exception.Message}";
        }
    }

    private async Task DeleteAsync(ArchivedMessage message)
    {
        var moderator = (await Authentication).User.Identity?.Name ?? "unknown";
        try
        {
            await Commands.DeleteMessageAsync(Name, message.Seq, moderator, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim());
            pending.Add(message.Seq);
            notice = $"Deletion of message {message.Seq} sent.";
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            notice = $"Deletion of message {message.Seq} not sent: {exception.Message}";
        }
    }

    /// <summary>The room takes no more messages (its history stays readable); a reason is required for the audit log.</summary>
    private async Task CloseRoomAsync()
    {
        if (string.IsNullOrWhiteSpace(closeReason))
        {
            notice = "A reason is required to close a room.";
            return;
        }

        var moderator = (await Authentication).User.Identity?.Name ?? "unknown";
        try
        {
            await Commands.CloseRoomAsync(Name, moderator, closeReason.Trim());
            notice = $"Closing of {Name} sent.";
            closeReason = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            notice = $"Closing of {Name} not sent: {exception.Message}";
        }
    }

    public void Dispose()
    {
        subscription?.Dispose();
        teardown.Cancel();
        teardown.Dispose();
    }
}
