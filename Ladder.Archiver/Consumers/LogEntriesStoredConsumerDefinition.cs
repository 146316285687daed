using MassTransit;
using Microsoft.Extensions.Options;

namespace Ladder.Archiver.Consumers;

/// <summary>
/// Queue <c>archive-log-entries</c>: the relay's batches, <see cref="ArchiveWriterOptions.BatchConcurrency"/> written at
/// once; retries with backoff for failures other than an outage.
/// </summary>
internal sealed class LogEntriesStoredConsumerDefinition : ConsumerDefinition<LogEntriesStoredConsumer>
{
    private readonly ArchiveWriterOptions limits;

    public LogEntriesStoredConsumerDefinition(IOptions<ArchiveWriterOptions> options)
    {
        limits = options.Value;
        EndpointName = "archive-log-entries";
        ConcurrentMessageLimit = limits.BatchConcurrency;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<LogEntriesStoredConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // One batch waiting per batch being written: the next write starts without a broker round trip.
        endpointConfigurator.PrefetchCount = limits.BatchConcurrency * 2;
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(
            limits.RetryLimit, limits.RetryMinDelay, limits.RetryMaxDelay, limits.RetryMinDelay));
    }
}
