using Ladder.Admin.Services;
using Ladder.Contracts.Names;
using Microsoft.AspNetCore.Components;

namespace Ladder.Admin.Components.Shared;

/// <summary>Mute, ban or kick one user with a reason; hands a checked <see cref="ModerationRequest"/> to its owner.</summary>
public sealed partial class ModerationForm
{
    /// <summary>The offered durations; null is for good.</summary>
    public static readonly IReadOnlyDictionary<string, TimeSpan?> Durations = new Dictionary<string, TimeSpan?>(StringComparer.Ordinal)
    {
        ["10 minutes"] = TimeSpan.FromMinutes(10),
        ["1 hour"] = TimeSpan.FromHours(1),
        ["1 day"] = TimeSpan.FromDays(1),
        ["7 days"] = TimeSpan.FromDays(7),
        ["for good"] = null,
    };

    [Parameter, EditorRequired]
    public string User { get; set; } = "";

    [Parameter]
    public EventCallback<ModerationRequest> OnSubmit { get; set; }

    private string duration = "1 hour";
    private string? room;
    private string? reason;
    private string? error;

    private async Task SubmitAsync(ModerationKind action)
    {
        var trimmedReason = reason?.Trim();
        var trimmedRoom = string.IsNullOrWhiteSpace(room) ? null : room.Trim();
        if (string.IsNullOrEmpty(trimmedReason))
        {
            error = "A reason is required: it goes into the audit log.";
            return;
        }

        if (action == ModerationKind.Mute && trimmedRoom is not null && !RoomNames.IsValid(trimmedRoom))
        {
            error = "A room is 1–64 characters of a-z, 0-9, _ and -, or namespace:name (team:acme, dm:alice,bob).";
            return;
        }

        error = null;
        await OnSubmit.InvokeAsync(new ModerationRequest(
            action,
            User,
            action == ModerationKind.Mute ? trimmedRoom : null,
            action == ModerationKind.Kick ? null : Durations.GetValueOrDefault(duration),
            trimmedReason));
        reason = null;
    }
}
