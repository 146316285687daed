using Ladder.ChatNode.Access;
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
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Ladder.ChatNode.Extensions;

internal static class ChatNodeServiceExtensions
{
    /// <summary>The CORS policy of the node's HTTP endpoints and its script (<c>/ladder-client.js</c>).</summary>
    public const string ClientCorsPolicy = "ladder-clients";

    /// <summary>
    /// Pages on the origins of <c>Chat:AllowedOrigins</c> (the list the WebSocket Origin check uses) may import the
    /// script, fetch dev tokens, post and page messages and open the SSE stream from their own origin. Tokens travel
    /// in the Authorization header or the query, never in cookies, so no credentials are allowed.
    /// </summary>
    private static void AddClientCors(IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<OriginOptions>>((cors, chat) => cors.AddPolicy(ClientCorsPolicy, policy =>
        {
            var origins = chat.Value.AllowedOrigins.Select(origin => origin.TrimEnd('/')).ToArray();
            if (origins.Contains("*", StringComparer.Ordinal))
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins(origins);
            }

            policy.WithMethods(HttpMethods.Get, HttpMethods.Post)
                .WithHeaders(HeaderNames.Authorization, HeaderNames.ContentType, "Last-Event-ID", RoomMessagesEndpoints.GrantHeader)
                // A 429's Retry-After tells the SSE send when to try again.
                .WithExposedHeaders(HeaderNames.RetryAfter)
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        }));
    }

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNatsClient("nats");
        // Redis and PostgreSQL down degrade a chat node, they don't make it unhealthy: own checks below.
        builder.AddRedisClient("redis", settings => settings.DisableHealthChecks = true);
        builder.AddNpgsqlDataSource("ladder", settings => settings.DisableHealthChecks = true);
        builder.AddModerationEvents();
        builder.AddChatTransport();
        builder.AddServerApi();

        // Host filtering (ASP.NET Core's, from AllowedHosts) is on in every environment: unset, a node answers only
        // to loopback names, so a DNS-rebinding page (evil.example → 127.0.0.1) gets 400 from every endpoint.
        if (string.IsNullOrWhiteSpace(builder.Configuration["AllowedHosts"]))
        {
            builder.Configuration.AddInMemoryCollection([new("AllowedHosts", HostAllowList.LoopbackHosts)]);
        }

        builder.Services.AddOptions<ChatOptions>().BindConfiguration(ChatOptions.Section).ValidateDataAnnotations()
            .Validate(chat => chat.HasValidNamespaces(), "Chat:Namespaces: names are 1-32 chars of [a-z0-9_-]; MaxReplay 1-1000000, HistoryMaxLimit 1-200; JoinHook an http(s) URL exactly when Join is Hook")
            .ValidateOnStart();
        builder.AddJoinHook();
        AddValidatedOptions<NodeOptions>(builder.Services, NodeOptions.Section);
        AddValidatedOptions<ChatSessionOptions>(builder.Services, ChatSessionOptions.Section);
        AddValidatedOptions<RoomOptions>(builder.Services, RoomOptions.Section);
        AddValidatedOptions<PresenceOptions>(builder.Services, PresenceOptions.Section);
        AddValidatedOptions<HistoryOptions>(builder.Services, HistoryOptions.Section);
        AddValidatedOptions<RecentEntriesOptions>(builder.Services, RecentEntriesOptions.Section);
        AddValidatedOptions<SendLimitOptions>(builder.Services, SendLimitOptions.Section);
        AddValidatedOptions<ConnectionLimitOptions>(builder.Services, ConnectionLimitOptions.Section);
        AddValidatedOptions<SendGateOptions>(builder.Services, SendGateOptions.Section);
        AddValidatedOptions<ChatLogOptions>(builder.Services, ChatLogOptions.Section);
        AddValidatedOptions<AuthOptions>(builder.Services, AuthOptions.Section);
        AddValidatedOptions<OriginOptions>(builder.Services, OriginOptions.Section);
        AddValidatedOptions<DevTokenOptions>(builder.Services, DevTokenOptions.Section);

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ChatMetrics>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<OriginPolicy>();
        services.AddSingleton<GrantTokens>();
        services.AddSingleton<JoinHook>();
        services.AddSingleton<RoomAccess>();
        AddClientCors(services);
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
        services.AddHostedService<SessionListingPublisher>();
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

    /// <summary>One feature's options record: bound, its data annotations checked, and a bad value fails the start.</summary>
    private static void AddValidatedOptions<TOptions>(IServiceCollection services, string section)
        where TOptions : class =>
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
