using MassTransit;
using Microsoft.Extensions.Options;

namespace Ladder.Archiver.Consumers;

/// <summary>
/// Queue <c>archive-messages-isolated</c>, fed only by <see cref="MessageStoredConsumer"/>: it is not bound to the
/// <c>MessageStored</c> exchange, or every message would be written twice.
/// </summary>
internal sealed class IsolatedMessageStoredConsumerDefinition : ConsumerDefinition<IsolatedMessageStoredConsumer>
{
    public const string QueueName = "archive-messages-isolated";

    public static readonly Uri Address = new($"queue:{QueueName}");

    private readonly ArchiveWriterOptions limits;

    public IsolatedMessageStoredConsumerDefinition(IOptions<ArchiveWriterOptions> options)
    {
        limits = options.Value;
        EndpointName = QueueName;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<IsolatedMessageStoredConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.ConfigureConsumeTopology = false;
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(
            limits.RefusedRetryLimit, limits.RetryMinDelay, limits.RetryMaxDelay, limits.RetryMinDelay));
    }
}
