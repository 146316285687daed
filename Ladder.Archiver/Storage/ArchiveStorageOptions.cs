using System.ComponentModel.DataAnnotations;

namespace Ladder.Archiver.Storage;

/// <summary>How the archiver talks to PostgreSQL (section <c>Archiver:Storage</c>).</summary>
public sealed record ArchiveStorageOptions
{
    public const string Section = "Archiver:Storage";

    /// <summary>First wait after PostgreSQL could not be reached; doubles up to <see cref="UnreachableMaxDelay"/>.</summary>
    public TimeSpan UnreachableFirstDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Longest wait between two attempts while PostgreSQL is unreachable. Writes wait for it for as long as it takes: the
    /// messages are fine, the database is not, so nothing goes to an error queue for that.
    /// </summary>
    public TimeSpan UnreachableMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Archived seqs read per query while advancing the contiguous position.</summary>
    [Range(100, 1_000_000)]
    public int ProgressScanWindow { get; init; } = 10_000;

    /// <summary>Most seqs one progress update walks, so that catching up after a long outage stays in small steps.</summary>
    [Range(100, 100_000_000)]
    public int ProgressScanLimit { get; init; } = 200_000;

    /// <summary>How often the archive lag is measured and recorded.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Timeout of one write or query.</summary>
    [Range(1, 3600)]
    public int CommandTimeoutSeconds { get; init; } = 30;
}
