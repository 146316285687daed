using Ladder.Admin.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace Ladder.Admin.Components.Pages;

/// <summary>Nodes, archive lag and stream state, refreshed live from <see cref="OverviewNotifier"/>.</summary>
public sealed partial class Overview : IDisposable
{
    [Inject]
    private OverviewNotifier Notifier { get; set; } = null!;

    [Inject]
    private IOptions<AdminOptions> AdminOptions { get; set; } = null!;

    [Inject]
    private MetricsWindow Window { get; set; } = null!;

    private AdminOptions Options => AdminOptions.Value;

    private IReadOnlyList<MetricSample> samples = [];
    private IDisposable? sampling;

    private OverviewSnapshot snapshot = OverviewSnapshot.Empty;
    private IDisposable? subscription;

    protected override void OnInitialized()
    {
        snapshot = Notifier.Latest;
        subscription = Notifier.Subscribe(OnSnapshotAsync);
        samples = Window.Samples;
        sampling = Window.Subscribe(OnSampleAsync);
    }

    private Task OnSampleAsync(MetricSample sample) =>
        InvokeAsync(() =>
        {
            samples = Window.Samples;
            StateHasChanged();
        });

    private Task OnSnapshotAsync(OverviewSnapshot next) =>
        InvokeAsync(() =>
        {
            snapshot = next;
            StateHasChanged();
        });

    public void Dispose()
    {
        subscription?.Dispose();
        sampling?.Dispose();
    }
}
