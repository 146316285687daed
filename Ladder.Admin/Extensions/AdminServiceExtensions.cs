using Ladder.Admin.Services;
using Ladder.ServiceDefaults;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.FluentUI.AspNetCore.Components;

namespace Ladder.Admin.Extensions;

internal static class AdminServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNatsClient("nats");
        builder.AddRedisClient("redis");
        builder.AddNpgsqlDataSource("ladder");

        builder.AddLadderBus();

        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddConsole();
        return builder;
    }

    private static void AddConsole(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddFluentUIComponents();

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AdminOptions>>((cookie, admin) => ConsoleCookie.Configure(cookie, admin.Value));
        builder.Services.AddAuthorization(ConsolePolicies.Add);
        builder.Services.AddCascadingAuthenticationState();
        // Registered after AddInteractiveServerComponents, so it replaces the provider that never re-checks.
        builder.Services.AddScoped<AuthenticationStateProvider, ConsoleAuthenticationStateProvider>();
        builder.Services.AddAntiforgery();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IPasswordHasher<ModeratorAccount>, PasswordHasher<ModeratorAccount>>();
        builder.Services.AddSingleton<ConsoleAuditLog>();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddSingleton<AccountStore>();
        builder.Services.AddSingleton<ConsoleSessions>();
        builder.Services.AddSingleton<AccountDirectory>();
        builder.Services.AddSingleton<ApiKeyDirectory>();
        builder.Services.AddHostedService<InitialAdminSeeder>();

        builder.Services.AddSingleton<NodeStatsReader>();
        builder.Services.AddSingleton<ArchiveLagReader>();
        builder.Services.AddSingleton<StreamStateReader>();
        builder.Services.AddSingleton<OverviewNotifier>();
        builder.Services.AddHostedService<OverviewPoller>();
        builder.Services.AddSingleton<RoomRateReader>();
        builder.Services.AddSingleton(services =>
        {
            var admin = services.GetRequiredService<IOptions<AdminOptions>>().Value;
            return new MetricsWindow((int)Math.Max(1, admin.ChartWindow / admin.SampleInterval));
        });
        builder.Services.AddSingleton<PlatformReadiness>();
        builder.Services.AddHostedService<MetricsSampler>();
        builder.Services.AddHttpClient<DashboardTelemetry>();
        builder.Services.AddSingleton<RoomDirectory>();
        builder.Services.AddSingleton<UserDirectory>();
        builder.Services.AddSingleton<AuditLogReader>();
        builder.Services.AddSingleton<ModerationCommands>();
    }
}
