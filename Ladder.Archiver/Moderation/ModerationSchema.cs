namespace Ladder.Archiver.Moderation;

/// <summary>
/// The moderation tables (migration M0003). The admin console reads them by the same names, so a rename is a migration
/// plus a change there.
/// </summary>
internal static class ModerationSchema
{
    /// <summary>Active and past bans, one row per user: the durable record behind <c>RedisKeys.Ban</c>.</summary>
    public const string Bans = "moderation_bans";

    /// <summary>Mutes per user and room (<see cref="EveryRoom"/> for everywhere): the record behind <c>RedisKeys.Mute</c>.</summary>
    public const string Mutes = "moderation_mutes";

    /// <summary>Closed rooms: the record behind <c>RedisKeys.ClosedRoom</c>.</summary>
    public const string ClosedRooms = "closed_rooms";

    /// <summary>The room column of a mute that applies everywhere (a primary key column cannot be null).</summary>
    public const string EveryRoom = "*";
}
