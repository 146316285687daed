namespace Ladder.Admin.Services;

/// <summary>A user's sanctions in force (from PostgreSQL, the durable record).</summary>
public sealed record UserStatus(SanctionInfo? Ban, IReadOnlyList<SanctionInfo> Mutes);
