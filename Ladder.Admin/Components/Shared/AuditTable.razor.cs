using Ladder.Admin.Services;
using Ladder.Contracts.Archive;
using Microsoft.AspNetCore.Components;

namespace Ladder.Admin.Components.Shared;

/// <summary>Rows of the moderation audit log.</summary>
public sealed partial class AuditTable
{
    [Parameter, EditorRequired]
    public IReadOnlyList<AuditRow> Rows { get; set; } = [];
}
