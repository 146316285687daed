using Bunit;
using Ladder.Admin.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.FluentUI.AspNetCore.Components;

namespace Ladder.Tests.Admin.Components;

/// <summary>A bUnit context with what the console's components need: Fluent UI (its JavaScript answered loosely) and
/// the console's options.</summary>
public static class ConsoleTestContext
{
    public const string DashboardUrl = "http://dashboard.test:18888";

    public static BunitContext Create()
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddFluentUIComponents();
        context.Services.AddSingleton(Options.Create(new AdminOptions { InitialPassword = "not-used-here", DashboardUrl = DashboardUrl }));
        context.Services.AddSingleton(new MetricsWindow(450));
        context.Services.AddSingleton(TimeProvider.System);
        context.Services.AddSingleton(services =>
        {
            // Settled long ago: a component test sees every problem as a real one unless it registers its own.
            var readiness = new PlatformReadiness(services.GetRequiredService<IOptions<AdminOptions>>(), TimeProvider.System);
            readiness.MarkSettled(DateTimeOffset.UnixEpoch);
            return readiness;
        });
        // No dashboard in a component test: the problems panel says so (ProblemsPanelTests answer for one).
        context.Services.AddSingleton(services => new DashboardTelemetry(
            new HttpClient(new NoDashboard()), services.GetRequiredService<IOptions<AdminOptions>>(), services.GetRequiredService<PlatformReadiness>(), TimeProvider.System,
            NullLogger<DashboardTelemetry>.Instance));
        return context;
    }
}
