using Ladder.Admin.Services;
using Ladder.Contracts.State;
using Microsoft.AspNetCore.Components;

namespace Ladder.Admin.Components.Shared;

/// <summary>The chat nodes as they last reported themselves, with links into the dashboard.</summary>
public sealed partial class NodeTable
{
    [Parameter, EditorRequired]
    public IReadOnlyList<NodeStats> Nodes { get; set; } = [];

    [Parameter, EditorRequired]
    public string DashboardUrl { get; set; } = "";
}
