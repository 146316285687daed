using Ladder.Admin.Services;
using Microsoft.AspNetCore.Components;

namespace Ladder.Admin.Components.Shared;

/// <summary>The chat log stream and its consumers.</summary>
public sealed partial class StreamPanel
{
    [Parameter]
    public StreamSummary? Stream { get; set; }
}
