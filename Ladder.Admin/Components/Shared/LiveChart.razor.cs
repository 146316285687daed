using System.Globalization;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace Ladder.Admin.Components.Shared;

/// <summary>
/// One time-series chart of the live window (Plotly, its script served from the package's static web assets). The
/// series are replaced on each sample and the plot redrawn with Plotly's <c>react</c>, which diffs instead of
/// rebuilding the plot.
/// </summary>
public sealed partial class LiveChart
{
    [Parameter, EditorRequired]
    public string Id { get; set; } = "";

    [Parameter, EditorRequired]
    public string Title { get; set; } = "";

    [Parameter, EditorRequired]
    public IReadOnlyList<ChartSeries> Series { get; set; } = [];

    /// <summary>The unit written after the latest values.</summary>
    [Parameter]
    public string Unit { get; set; } = "";

    /// <summary>Dark plot colours, following the console's theme.</summary>
    [Parameter]
    public bool Dark { get; set; }

    private readonly Config config = new() { Responsive = true, DisplayModeBar = Plotly.Blazor.ConfigLib.DisplayModeBarEnum.False };
    private readonly Plotly.Blazor.Layout layout = new();
    private readonly IList<ITrace> data = new List<ITrace>();
    private PlotlyChart? chart;
    private bool drawn;

    /// <summary>The sum of the series' latest values, for the header and for tests that watch the chart move.</summary>
    private string Latest => Series.Sum(series => series.Values.Count > 0 ? series.Values[^1] : 0).ToString("0.##", CultureInfo.InvariantCulture);

    private string Summary => string.Join(" · ", Series.Select(series =>
        $"{series.Name} {(series.Values.Count > 0 ? series.Values[^1] : 0).ToString("0.#", CultureInfo.InvariantCulture)}{Unit}"));

    protected override void OnParametersSet()
    {
        var foreground = Dark ? "#e6e6e6" : "#242424";
        layout.Height = 220;
        layout.AutoSize = true;
        layout.ShowLegend = Series.Count > 1;
        layout.Margin = new Plotly.Blazor.LayoutLib.Margin { L = 40, R = 10, T = 10, B = 30 };
        layout.PaperBgColor = "rgba(0,0,0,0)";
        layout.PlotBgColor = "rgba(0,0,0,0)";
        layout.Font = new Plotly.Blazor.LayoutLib.Font { Color = foreground };
        layout.XAxis = [new Plotly.Blazor.LayoutLib.XAxis { TickFormat = "%H:%M", NTicks = 5, TickAngle = 0 }];
        data.Clear();
        foreach (var trace in Series.Select(series => (ITrace)new Scatter
            {
                Name = series.Name,
                Mode = ModeFlag.Lines,
                X = [.. series.Times.Cast<object>()],
                Y = [.. series.Values.Cast<object>()],
            }))
        {
            data.Add(trace);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            drawn = true;
            return;
        }

        if (drawn && chart is not null)
        {
            // The chart holds the list it was first given; the new series go into that list.
            await chart.React();
        }
    }
}
