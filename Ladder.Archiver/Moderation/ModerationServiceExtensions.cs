using Microsoft.Extensions.DependencyInjection.Extensions;
using MassTransit;

namespace Ladder.Archiver.Moderation;

/// <summary>Wires the moderation command consumers into the archiver.</summary>
internal static class ModerationServiceExtensions
{
    /// <summary>The services the consumers use: Redis (the moderation cache), the stores and the cache refresher.</summary>
    public static IHostApplicationBuilder AddModerationServices(this IHostApplicationBuilder builder)
    {
        // No Redis health check: archiving does not need Redis, and a Redis outage must not mark the archiver unhealthy.
        builder.AddRedisClient("redis", settings => settings.DisableHealthChecks = true);
        builder.Services.AddOptions<ModerationOptions>().BindConfiguration(ModerationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ModerationStore>();
        builder.Services.AddSingleton<ModerationCache>();
        builder.Services.AddSingleton<ChatLogModerator>();
        builder.Services.AddHostedService<ModerationCacheRefresher>();
        return builder;
    }

    /// <summary>One queue per command (see <see cref="ModerationConsumerDefinition{TConsumer}"/>).</summary>
    public static IBusRegistrationConfigurator AddModeration(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<DeleteMessageConsumer, DeleteMessageConsumerDefinition>();
        bus.AddConsumer<MuteUserConsumer, MuteUserConsumerDefinition>();
        bus.AddConsumer<BanUserConsumer, BanUserConsumerDefinition>();
        bus.AddConsumer<KickUserConsumer, KickUserConsumerDefinition>();
        bus.AddConsumer<CloseRoomConsumer, CloseRoomConsumerDefinition>();
        return bus;
    }
}
