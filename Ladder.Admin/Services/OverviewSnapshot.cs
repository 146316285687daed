using Ladder.Contracts.State;

namespace Ladder.Admin.Services;

/// <summary>
/// What the overview shows at one moment. Each part is read on its own, so one service being down leaves the others
/// visible; what could not be read is listed in <see cref="Problems"/>.
/// </summary>
public sealed record OverviewSnapshot(
    DateTimeOffset At,
    IReadOnlyList<NodeStats> Nodes,
    ArchiveLag? Archive,
    StreamSummary? Stream,
    IReadOnlyList<string> Problems)
{
    public static OverviewSnapshot Empty { get; } = new(DateTimeOffset.MinValue, [], null, null, []);
}
