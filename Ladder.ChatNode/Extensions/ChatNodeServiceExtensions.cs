using Ladder.ChatNode.Auth;
using Ladder.ChatNode.ChatLog;
using Ladder.ChatNode.Configuration;
using Ladder.ChatNode.Diagnostics;
using Ladder.ChatNode.Fanout;
using Ladder.ChatNode.History;
using Ladder.ChatNode.Http;
using Ladder.ChatNode.Presence;
using Ladder.ChatNode.Protocol;
using Ladder.ChatNode.RateLimiting;
using Ladder.ChatNode.Rooms;
using Ladder.ChatNode.Sessions;
using Ladder.ChatNode.State;
using Ladder.ServiceDefaults;

namespace Ladder.ChatNode.Extensions;

internal static class ChatNodeServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNatsClient("nats");
        // Redis and PostgreSQL down degrade a chat node, they don't make it unhealthy: own checks below.
        builder.AddRedisClient("redis", settings => settings.DisableHealthChecks = true);
        builder.AddNpgsqlDataSource("ladder", settings => settings.DisableHealthChecks = true);
        builder.AddModerationEvents();
        builder.AddChatTransport();

        // Host filtering (ASP.NET Core's, from AllowedHosts) is on in every environment: unset, a node answers only
        // to loopback names, so a DNS-rebinding page (evil.example → 127.0.0.1) gets 400 from every endpoint.
        if (string.IsNullOrWhiteSpace(builder.Configuration["AllowedHosts"]))
        {
            builder.Configuration.AddInMemoryCollection([new("AllowedHosts", HostAllowList.LoopbackHosts)]);
        }

        builder.Services.AddOptions<ChatOptions>().BindConfiguration(ChatOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SendGateOptions>().BindConfiguration(SendGateOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ChatLogOptions>().BindConfiguration(ChatLogOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ChatMetrics>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<OriginPolicy>();
        services.AddSingleton<UserConnectionLimiter>();
        services.AddHostedService(provider => provider.GetRequiredService<UserConnectionLimiter>());
        services.AddSingleton<HostAllowList>();
        services.AddSingleton<ConnectionAdmission>();

        // The log: the stream exists before the fan-out reads it (hosted services start in this order).
        services.AddHostedService<ChatStreamInitializer>();
        services.AddSingleton<ChatLogPublisher>();
        services.AddSingleton<ChatLogReader>();
        services.AddSingleton<LogFanout>();
        services.AddHostedService(provider => provider.GetRequiredService<LogFanout>());

        services.AddSingleton<RoomRegistry>();
        services.AddSingleton<RoomJoiner>();
        services.AddSingleton<SessionDirectory>();
        services.AddSingleton<ConnectionLifecycle>();
        services.AddSingleton<RedisAvailability>();
        services.AddSingleton<SendRateLimiter>();
        services.AddSingleton<SendGate>();
        services.AddSingleton<PresenceTracker>();
        services.AddHostedService(provider => provider.GetRequiredService<PresenceTracker>());
        services.AddHostedService<NodeStatsPublisher>();
        services.AddSingleton<ChatMessagePoster>();
        services.AddSingleton<IHistorySource, ArchiveHistoryReader>();
        services.AddSingleton<HistoryRequests>();
        services.AddSingleton<TypingRelay>();
        services.AddHostedService(provider => provider.GetRequiredService<TypingRelay>());
        services.AddSingleton<ChatFrameHandler>();

        services.AddHealthChecks()
            .AddCheck<FanoutHealthCheck>("fanout", tags: ["ready"])
            .AddCheck<RedisHealthCheck>("redis")
            .AddCheck<ArchiveHealthCheck>("archive");
        return builder;
    }
}
