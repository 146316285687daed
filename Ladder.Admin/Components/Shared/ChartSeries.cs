namespace Ladder.Admin.Components.Shared;

/// <summary>One line of a <see cref="LiveChart"/>: its name and its points (UTC times, values).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<DateTime> Times, IReadOnlyList<double> Values);
