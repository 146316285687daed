using Ladder.Admin.Services;
using Ladder.ServiceDefaults;
using MassTransit;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.FluentUI.AspNetCore.Components;

namespace Ladder.Admin.Extensions;

internal static class AdminServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNatsClient("nats");
        builder.AddRedisClient("redis");
        builder.AddNpgsqlDataSource("ladder");

        var rabbitMq = builder.Configuration.GetConnectionString("rabbitmq")
            ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not set; start the admin console from the AppHost.");
        builder.Services.AddMassTransit(bus => bus.UsingRabbitMq((context, rabbit) =>
        {
            rabbit.Host(new Uri(rabbitMq));
            rabbit.ConfigureEndpoints(context);
        }));

        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddConsole();
        return builder;
    }

    private static void AddConsole(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddFluentUIComponents();

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.LoginPath = "/account/login";
                cookie.LogoutPath = "/account/logout";
                cookie.AccessDeniedPath = "/account/login";
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = true;
                cookie.Cookie.Name = "ladder-admin";
                cookie.Cookie.HttpOnly = true;
                // Strict: no other site can make the browser send it along (the console has no cross-site entry points).
                cookie.Cookie.SameSite = SameSiteMode.Strict;
            });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddAntiforgery();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IPasswordHasher<ModeratorAccount>, PasswordHasher<ModeratorAccount>>();
        builder.Services.AddSingleton<AccountStore>();
        builder.Services.AddHostedService<InitialAdminSeeder>();

        builder.Services.AddSingleton<NodeStatsReader>();
        builder.Services.AddSingleton<ArchiveLagReader>();
        builder.Services.AddSingleton<StreamStateReader>();
        builder.Services.AddSingleton<OverviewNotifier>();
        builder.Services.AddHostedService<OverviewPoller>();
        builder.Services.AddSingleton<RoomDirectory>();
        builder.Services.AddSingleton<UserDirectory>();
        builder.Services.AddSingleton<AuditLogReader>();
        builder.Services.AddSingleton<ModerationCommands>();
    }
}
