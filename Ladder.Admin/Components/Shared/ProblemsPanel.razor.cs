using Ladder.Admin.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace Ladder.Admin.Components.Shared;

/// <summary>
/// The platform's recent warnings and errors and its slowest traces, read from the Aspire dashboard while the panel
/// is open; each links to the dashboard's own view. Without a dashboard it says why, and the page around it works on.
/// </summary>
public sealed partial class ProblemsPanel : IDisposable
{
    [Inject]
    private DashboardTelemetry Telemetry { get; set; } = null!;

    [Inject]
    private IOptions<AdminOptions> Options { get; set; } = null!;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    private readonly CancellationTokenSource stopping = new();
    private TelemetryReport? report;
    private bool showStartup;

    private string DashboardUrl => Options.Value.DashboardUrl;

    private string TraceLink(string traceId) => Display.DashboardLink(DashboardUrl, "traces/detail/" + Uri.EscapeDataString(traceId));

    protected override void OnInitialized() => _ = RefreshAsync(stopping.Token);

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(Options.Value.TelemetryRefreshInterval, Time);
            do
            {
                var next = await Telemetry.ReadAsync(cancellationToken);
                await InvokeAsync(() =>
                {
                    report = next;
                    StateHasChanged();
                });
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away between a read and its render.
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }
}
