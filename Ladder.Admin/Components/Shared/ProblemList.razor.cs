using Ladder.Admin.Services;
using Microsoft.AspNetCore.Components;

namespace Ladder.Admin.Components.Shared;

/// <summary>Warnings and errors as the problems panel lists them, each linked to its trace or its service's logs in
/// the dashboard; a repeated message once, with how many times.</summary>
public sealed partial class ProblemList
{
    [Parameter, EditorRequired]
    public IReadOnlyList<TelemetryProblem> Problems { get; set; } = [];

    [Parameter, EditorRequired]
    public string Id { get; set; } = "";

    [Parameter, EditorRequired]
    public string DashboardUrl { get; set; } = "";
}
