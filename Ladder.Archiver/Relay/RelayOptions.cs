using System.ComponentModel.DataAnnotations;

namespace Ladder.Archiver.Relay;

/// <summary>The JetStream → RabbitMQ relay (section <c>Archiver:Relay</c>).</summary>
public sealed record RelayOptions
{
    public const string Section = "Archiver:Relay";

    /// <summary>The durable pull consumer's name; every archiver instance shares it, so each entry goes to one of them.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_-]{1,64}$")]
    public string ConsumerName { get; init; } = "archiver";

    /// <summary>
    /// Replicas of the durable consumer's state (its acks): the same as the chat log's, so the archive's position
    /// survives the loss of a NATS server the log survives. The AppHost sets min(3, servers).
    /// </summary>
    [Range(1, 5)]
    public int Replicas { get; init; } = 1;

    /// <summary>Most log entries in one batch (one RabbitMQ message, one PostgreSQL write).</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; init; } = 1_000;

    /// <summary>
    /// Most bytes of log entries (bodies and subjects) in one batch; a single larger entry still goes alone. Bounds the
    /// RabbitMQ message, which is about twice this size once encoded (at most 8 MiB: RabbitMQ 4 refuses messages above
    /// 16 MiB by default).
    /// </summary>
    [Range(1_024, 8 * 1024 * 1024)]
    public int BatchBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// How long a batch waits for more entries after its first one while fewer than <see cref="BatchSize"/> are at hand:
    /// under light load, the archive latency this adds; under a backlog, batches are full at once and never wait.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan BatchLinger { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Batches published at once per instance, each waiting for the broker's confirm before its entries are acked.</summary>
    [Range(1, 64)]
    public int MaxBatchesInFlight { get; init; } = 4;

    /// <summary>
    /// Entries JetStream hands out without an ack, over all instances. Bounds what is redelivered after a crash. Each
    /// instance asks for at most <see cref="BatchSize"/> × (<see cref="MaxBatchesInFlight"/> + 2) at a time.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxAckPending { get; init; } = 20_000;

    /// <summary>How long JetStream waits for an ack before redelivering (to another instance, if one is up).</summary>
    public TimeSpan AckWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one batch's publish may wait for RabbitMQ's confirm before its entries are handed back to JetStream.</summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First wait after a failure (stream missing, broker down); doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);
}
