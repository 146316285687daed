using System.ComponentModel.DataAnnotations;

namespace Ladder.Archiver.Relay;

/// <summary>The JetStream → RabbitMQ relay (section <c>Archiver:Relay</c>).</summary>
public sealed record RelayOptions
{
    public const string Section = "Archiver:Relay";

    /// <summary>The durable pull consumer's name; every archiver instance shares it, so each entry goes to one of them.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_-]{1,64}$")]
    public string ConsumerName { get; init; } = "archiver";

    /// <summary>Entries being published at once per instance (each waits for the broker's confirm before its ack).</summary>
    [Range(1, 10_000)]
    public int MaxInFlight { get; init; } = 256;

    /// <summary>
    /// Entries JetStream hands out without an ack, over all instances. Bounds what is redelivered after a crash.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxAckPending { get; init; } = 20_000;

    /// <summary>How long JetStream waits for an ack before redelivering (to another instance, if one is up).</summary>
    public TimeSpan AckWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one publish may wait for RabbitMQ's confirm before the entry is handed back to JetStream.</summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First wait after a failure (stream missing, broker down); doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);
}
