using Ladder.Contracts.Archive;
using Microsoft.AspNetCore.Components;
using Microsoft.FluentUI.AspNetCore.Components;

namespace Ladder.Admin.Components.Shared;

/// <summary>Rows of the moderation audit log, newest first, sortable, a page at a time.</summary>
public sealed partial class AuditTable
{
    private static readonly GridSort<AuditRow> byTime = GridSort<AuditRow>.ByAscending(row => row.At).ThenAscending(row => row.Id);

    private readonly PaginationState pagination = new() { ItemsPerPage = 25 };

    [Parameter, EditorRequired]
    public IReadOnlyList<AuditRow> Rows { get; set; } = [];

    /// <summary>Rows per page (the room page shows fewer).</summary>
    [Parameter]
    public int PageSize { get; set; } = 25;

    protected override void OnParametersSet() => pagination.ItemsPerPage = PageSize;
}
