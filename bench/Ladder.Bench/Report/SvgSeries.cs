namespace Ladder.Bench.Report;

/// <summary>One line of a plot.</summary>
public sealed record SvgSeries(string Name, IReadOnlyList<(double X, double Y)> Points);
