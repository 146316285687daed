namespace Ladder.Admin.Services;

/// <summary>
/// The archive's progress as the archiver last recorded it (its <c>ArchiveLagMonitor</c> measures and stores it every
/// second): the highest contiguous archived seq and the stream's last seq at that moment.
/// </summary>
public sealed record ArchiveLag(ulong ArchivedSeq, ulong StreamLastSeq, DateTimeOffset MeasuredAt)
{
    public ulong Lag => StreamLastSeq > ArchivedSeq ? StreamLastSeq - ArchivedSeq : 0;
}
