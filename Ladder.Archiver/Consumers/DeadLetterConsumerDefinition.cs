using MassTransit;
using Microsoft.Extensions.Options;

namespace Ladder.Archiver.Consumers;

/// <summary>Queue <c>archive-dead-letters</c>.</summary>
internal sealed class DeadLetterConsumerDefinition : ConsumerDefinition<DeadLetterConsumer>
{
    private readonly ArchiveWriterOptions limits;

    public DeadLetterConsumerDefinition(IOptions<ArchiveWriterOptions> options)
    {
        limits = options.Value;
        EndpointName = "archive-dead-letters";
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<DeadLetterConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(
            limits.RetryLimit, limits.RetryMinDelay, limits.RetryMaxDelay, limits.RetryMinDelay));
}
