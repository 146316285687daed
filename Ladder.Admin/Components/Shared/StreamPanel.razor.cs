using Ladder.Admin.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.FluentUI.AspNetCore.Components;

namespace Ladder.Admin.Components.Shared;

/// <summary>The chat log stream and its consumers (sortable, a page at a time).</summary>
public sealed partial class StreamPanel
{
    private static readonly GridSort<ConsumerSummary> byRole = GridSort<ConsumerSummary>.ByAscending(consumer => consumer.Role ?? consumer.Name);

    private readonly PaginationState pagination = new() { ItemsPerPage = 20 };

    [Parameter]
    public StreamSummary? Stream { get; set; }
}
