using Ladder.Contracts.State;
using Microsoft.AspNetCore.Components;
using Microsoft.FluentUI.AspNetCore.Components;

namespace Ladder.Admin.Components.Shared;

/// <summary>A user's open connections on every node, sortable, a page at a time.</summary>
public sealed partial class SessionTable
{
    private static readonly GridSort<UserSession> byConnected = GridSort<UserSession>.ByAscending(session => session.ConnectedAt);

    private readonly PaginationState pagination = new() { ItemsPerPage = 20 };

    [Parameter, EditorRequired]
    public IReadOnlyList<UserSession> Sessions { get; set; } = [];
}
