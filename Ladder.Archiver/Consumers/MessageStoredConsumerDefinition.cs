using MassTransit;
using Microsoft.Extensions.Options;

namespace Ladder.Archiver.Consumers;

/// <summary>Queue <c>archive-messages</c>: batches, and retries with backoff for failures other than an outage.</summary>
internal sealed class MessageStoredConsumerDefinition : ConsumerDefinition<MessageStoredConsumer>
{
    private readonly ArchiveWriterOptions limits;

    public MessageStoredConsumerDefinition(IOptions<ArchiveWriterOptions> options)
    {
        limits = options.Value;
        EndpointName = "archive-messages";
        // Every message of every batch being filled or written holds a slot: fewer would cap batches below their size.
        ConcurrentMessageLimit = limits.BatchSize * limits.BatchConcurrency;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<MessageStoredConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = limits.BatchSize * limits.BatchConcurrency;
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(
            limits.RetryLimit, limits.RetryMinDelay, limits.RetryMaxDelay, limits.RetryMinDelay));
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(limits.BatchSize)
            .SetTimeLimit(limits.BatchTimeLimit)
            .SetConcurrencyLimit(limits.BatchConcurrency));
    }
}
