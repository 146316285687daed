using System.Globalization;
using System.Net;
using System.Text;

namespace Ladder.Bench.Report;

/// <summary>A small dependency-free line chart (optionally log-scaled), enough for a latency plot in a pull request.</summary>
public static class SvgChart
{
    private static readonly string[] Colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];

    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<SvgSeries> series, bool logX = false, bool logY = false)
    {
        const double width = 720, height = 420, left = 70, right = 170, top = 40, bottom = 50;
        var points = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{WebUtility.HtmlEncode(title)}</text>");
        if (points.Count == 0)
        {
            svg.Append("<text x=\"50%\" y=\"50%\" text-anchor=\"middle\">no data</text></svg>");
            return svg.ToString();
        }

        double Transform(double value, bool log) => log ? Math.Log10(Math.Max(value, 1e-3)) : value;
        var xs = points.Select(p => Transform(p.X, logX)).ToArray();
        var ys = points.Select(p => Transform(p.Y, logY)).ToArray();
        double xMin = xs.Min(), xMax = xs.Max(), yMin = logY ? ys.Min() : Math.Min(0, ys.Min()), yMax = ys.Max();
        if (xMax <= xMin)
        {
            xMax = xMin + 1;
        }

        if (yMax <= yMin)
        {
            yMax = yMin + 1;
        }

        double plotWidth = width - left - right, plotHeight = height - top - bottom;
        double X(double value) => left + ((Transform(value, logX) - xMin) / (xMax - xMin) * plotWidth);
        double Y(double value) => top + plotHeight - ((Transform(value, logY) - yMin) / (yMax - yMin) * plotHeight);

        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{top}\" width=\"{plotWidth}\" height=\"{plotHeight}\" fill=\"none\" stroke=\"#999\"/>");
        for (var i = 0; i <= 5; i++)
        {
            var yValue = yMin + ((yMax - yMin) * i / 5);
            var xValue = xMin + ((xMax - xMin) * i / 5);
            var yLabelValue = logY ? Math.Pow(10, yValue) : yValue;
            var xLabelValue = logX ? Math.Pow(10, xValue) : xValue;
            var yPixel = top + plotHeight - (plotHeight * i / 5);
            var xPixel = left + (plotWidth * i / 5);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{left + plotWidth}\" y1=\"{yPixel:F1}\" y2=\"{yPixel:F1}\" stroke=\"#eee\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{yPixel + 4:F1}\" text-anchor=\"end\">{Format(yLabelValue)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{xPixel:F1}\" y=\"{top + plotHeight + 18}\" text-anchor=\"middle\">{Format(xLabelValue)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + (plotWidth / 2)}\" y=\"{height - 10}\" text-anchor=\"middle\">{WebUtility.HtmlEncode(xLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(16,{top + (plotHeight / 2)}) rotate(-90)\" text-anchor=\"middle\">{WebUtility.HtmlEncode(yLabel)}</text>");
        for (var s = 0; s < series.Count; s++)
        {
            var color = Colors[s % Colors.Length];
            var valid = series[s].Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
            var path = string.Join(' ', valid.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"{(i == 0 ? 'M' : 'L')}{X(p.X):F1},{Y(p.Y):F1}")));
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"/>");
            foreach (var p in valid)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(p.X):F1}\" cy=\"{Y(p.Y):F1}\" r=\"3\" fill=\"{color}\"/>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{width - right + 12}\" y=\"{top + (s * 20)}\" width=\"12\" height=\"12\" fill=\"{color}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width - right + 30}\" y=\"{top + (s * 20) + 11}\">{WebUtility.HtmlEncode(series[s].Name)}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Format(double value) => Math.Abs(value) switch
    {
        >= 10_000 => (value / 1000).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
        >= 1 => value.ToString("0.#", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
