using MassTransit;
using Microsoft.Extensions.Options;

namespace Ladder.Archiver.Consumers;

/// <summary>Queue <c>archive-tombstones</c>: small batches (deletions are rare), retries with backoff.</summary>
internal sealed class TombstoneStoredConsumerDefinition : ConsumerDefinition<TombstoneStoredConsumer>
{
    private readonly ArchiveWriterOptions limits;

    public TombstoneStoredConsumerDefinition(IOptions<ArchiveWriterOptions> options)
    {
        limits = options.Value;
        EndpointName = "archive-tombstones";
        ConcurrentMessageLimit = limits.BatchSize;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TombstoneStoredConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = limits.BatchSize;
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(
            limits.RetryLimit, limits.RetryMinDelay, limits.RetryMaxDelay, limits.RetryMinDelay));
        // One batch at a time: each holds the deletion lock alone anyway.
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(limits.BatchSize)
            .SetTimeLimit(limits.BatchTimeLimit)
            .SetConcurrencyLimit(1));
    }
}
