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
        // Plotly's default grid is white on a transparent paper: glaring on the dark theme.
        var grid = Dark ? "#4a4a4a" : "#e6e6e6";
        layout.Height = 220;
        layout.AutoSize = true;
        layout.ShowLegend = Series.Count > 1;
        // The legend goes above the plot in one row: beside it, it took a third of a card's width.
        layout.Legend = [new Plotly.Blazor.LayoutLib.Legend
        {
            Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H,
            X = 0,
            Y = 1.02m,
            YAnchor = Plotly.Blazor.LayoutLib.LegendLib.YAnchorEnum.Bottom,
        }];
        layout.Margin = new Plotly.Blazor.LayoutLib.Margin { L = 40, R = 10, T = Series.Count > 1 ? 28 : 10, B = 30 };
        // Counts and rates are never negative: an idle platform's zeros sit on the axis, not mid-chart.
        layout.YAxis = [new Plotly.Blazor.LayoutLib.YAxis { RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.NonNegative, GridColor = grid }];
        layout.PaperBgColor = "rgba(0,0,0,0)";
        layout.PlotBgColor = "rgba(0,0,0,0)";
        layout.Font = new Plotly.Blazor.LayoutLib.Font { Color = foreground };
        layout.XAxis = [new Plotly.Blazor.LayoutLib.XAxis { TickFormat = "%H:%M", NTicks = 5, TickAngle = 0, GridColor = grid }];
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
