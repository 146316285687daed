using Ladder.Admin.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.FluentUI.AspNetCore.Components;

namespace Ladder.Admin.Components.Shared;

/// <summary>A room's archived messages, newest first, a page at a time, each with its Delete button.</summary>
public sealed partial class MessageList
{
    public const int PageSize = 20;

    private readonly PaginationState pagination = new() { ItemsPerPage = PageSize };

    [Parameter, EditorRequired]
    public IReadOnlyList<ArchivedMessage> Messages { get; set; } = [];

    [Parameter]
    public IReadOnlySet<ulong> Pending { get; set; } = new HashSet<ulong>();

    [Parameter]
    public EventCallback<ArchivedMessage> OnDelete { get; set; }
}
