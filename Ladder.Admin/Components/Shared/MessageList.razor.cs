using Ladder.Admin.Services;
using Microsoft.AspNetCore.Components;

namespace Ladder.Admin.Components.Shared;

/// <summary>A room's archived messages, newest first, each with its Delete button.</summary>
public sealed partial class MessageList
{
    [Parameter, EditorRequired]
    public IReadOnlyList<ArchivedMessage> Messages { get; set; } = [];

    [Parameter]
    public IReadOnlySet<ulong> Pending { get; set; } = new HashSet<ulong>();

    [Parameter]
    public EventCallback<ArchivedMessage> OnDelete { get; set; }
}
