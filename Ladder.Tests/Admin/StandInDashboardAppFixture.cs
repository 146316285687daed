using Ladder.Tests.Infrastructure;

namespace Ladder.Tests.Admin;

/// <summary>The platform with its console pointed at a <see cref="StandInDashboard"/> through the AppHost's
/// <c>Ladder:Admin:*</c> settings, as an operator points it at a standalone dashboard.</summary>
public sealed class StandInDashboardAppFixture : LadderAppFixture, IAsyncLifetime
{
    internal StandInDashboard Dashboard { get; } = new();

    protected override IEnumerable<string> Settings =>
    [
        "--Ladder:Admin:DashboardEnabled=true",
        $"--Ladder:Admin:DashboardUrl={Dashboard.Origin}",
        $"--Ladder:Admin:DashboardApiKey={Dashboard.ApiKey}",
        "--Ladder:Admin:TelemetryRefreshInterval=00:00:01",
    ];

    Task IAsyncLifetime.InitializeAsync() => InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Dashboard.DisposeAsync();
    }
}
