using System.Text.Json.Nodes;

namespace Ladder.Bench.Report;

/// <summary>What a scenario hands back: its figures (JSON), a Markdown section, and an SVG plot.</summary>
public sealed record ScenarioReport(string Scenario, JsonObject Settings, JsonObject Results, string Markdown, string Svg);
