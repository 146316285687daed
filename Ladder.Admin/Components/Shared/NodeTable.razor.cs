using Ladder.Admin.Services;
using Ladder.Contracts.State;
using Microsoft.AspNetCore.Components;
using Microsoft.FluentUI.AspNetCore.Components;

namespace Ladder.Admin.Components.Shared;

/// <summary>The chat nodes as they last reported themselves, with links into the dashboard; any column sorts.</summary>
public sealed partial class NodeTable
{
    public const int PageSize = 20;

    private static readonly GridSort<NodeStats> byName = GridSort<NodeStats>.ByAscending(node => node.Node);
    private static readonly GridSort<NodeStats> byMemory = GridSort<NodeStats>.ByAscending(node => node.MemoryBytes);
    private static readonly GridSort<NodeStats> byStarted = GridSort<NodeStats>.ByAscending(node => node.StartedAt);

    private readonly PaginationState pagination = new() { ItemsPerPage = PageSize };

    [Parameter, EditorRequired]
    public IReadOnlyList<NodeStats> Nodes { get; set; } = [];

    [Parameter, EditorRequired]
    public string DashboardUrl { get; set; } = "";
}
