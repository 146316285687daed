using Ladder.Contracts.Wire;

namespace Ladder.ChatNode.History;

/// <summary>Where history pages come from (the archive in PostgreSQL).</summary>
internal interface IHistorySource
{
    /// <summary>Up to <paramref name="limit"/> messages of <paramref name="room"/> with seq below
    /// <paramref name="before"/> (all when null), newest first. Throws <see cref="HistoryUnavailableException"/>
    /// when the archive cannot be read.</summary>
    Task<HistoryResponse> ReadAsync(string room, ulong? before, int limit, CancellationToken cancellationToken);
}
