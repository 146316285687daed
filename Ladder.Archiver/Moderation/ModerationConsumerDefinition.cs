using MassTransit;
using Microsoft.Extensions.Options;

namespace Ladder.Archiver.Moderation;

/// <summary>
/// The shared shape of the moderation queues: one command at a time per queue, so a queue applies its commands in the
/// order they were sent (a ban, then its shortening, land in that order); retries with backoff, except for a command
/// that can never be applied, which goes straight to the error queue.
/// </summary>
internal abstract class ModerationConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    private readonly ModerationOptions limits;

    protected ModerationConsumerDefinition(IOptions<ModerationOptions> options, string endpointName)
    {
        limits = options.Value;
        EndpointName = endpointName;
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 16;
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Exponential(limits.RetryLimit, limits.RetryMinDelay, limits.RetryMaxDelay, limits.RetryMinDelay);
            retry.Ignore<ModerationRefusedException>();
        });
    }
}
