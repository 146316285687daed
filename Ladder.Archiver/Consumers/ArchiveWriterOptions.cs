using System.ComponentModel.DataAnnotations;

namespace Ladder.Archiver.Consumers;

/// <summary>The MassTransit consumers that write the archive (section <c>Archiver:Writer</c>).</summary>
public sealed record ArchiveWriterOptions
{
    public const string Section = "Archiver:Writer";

    /// <summary>
    /// Most messages written in one round trip by the per-entry consumers, which only drain what archivers before batched
    /// relaying left in their queues (the relay's batches are cut by <c>Archiver:Relay:BatchSize</c>).
    /// </summary>
    [Range(1, 10_000)]
    public int BatchSize { get; init; } = 500;

    /// <summary>Longest a partial batch of the per-entry consumers waits for more messages.</summary>
    public TimeSpan BatchTimeLimit { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Relay batches written at once per archiver instance.</summary>
    [Range(1, 64)]
    public int BatchConcurrency { get; init; } = 2;

    /// <summary>Attempts after the first for a failure that is neither an outage nor refused data.</summary>
    [Range(0, 20)]
    public int RetryLimit { get; init; } = 5;

    public TimeSpan RetryMinDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts after the first for a single message PostgreSQL refused, before it goes to the error queue.</summary>
    [Range(0, 20)]
    public int RefusedRetryLimit { get; init; } = 2;
}
