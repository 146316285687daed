using Ladder.Admin.Services;
using Microsoft.AspNetCore.Components;

namespace Ladder.Admin.Components.Shared;

/// <summary>Who is in a room, through which node.</summary>
public sealed partial class PresenceList
{
    [Parameter, EditorRequired]
    public IReadOnlyList<PresenceEntry> Entries { get; set; } = [];
}
