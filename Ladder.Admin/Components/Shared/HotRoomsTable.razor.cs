using Ladder.Admin.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.FluentUI.AspNetCore.Components;

namespace Ladder.Admin.Components.Shared;

/// <summary>The busiest rooms of the latest sample, by messages/s first; any column sorts.</summary>
public sealed partial class HotRoomsTable
{
    private static readonly GridSort<HotRoom> byName = GridSort<HotRoom>.ByAscending(room => room.Room);

    [Parameter, EditorRequired]
    public IReadOnlyList<HotRoom> Rooms { get; set; } = [];
}
