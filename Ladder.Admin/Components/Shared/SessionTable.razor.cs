using Ladder.Admin.Services;
using Ladder.Contracts.State;
using Microsoft.AspNetCore.Components;

namespace Ladder.Admin.Components.Shared;

/// <summary>A user's open connections on every node.</summary>
public sealed partial class SessionTable
{
    [Parameter, EditorRequired]
    public IReadOnlyList<UserSession> Sessions { get; set; } = [];
}
