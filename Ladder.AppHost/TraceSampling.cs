using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Ladder.AppHost;

/// <summary>
/// <c>Ladder:Telemetry:TraceSampleRatio</c> (0–1, default 1): the share of traces the services record. Aspire asks
/// for every trace, which suits a developer following one message; under load every message makes spans in both
/// nodes and the archiver, and the dashboard's intake then competes with the platform for the same cores.
/// </summary>
internal static class TraceSampling
{
    public static double Ratio(IConfiguration configuration)
    {
        var ratio = configuration.GetValue("Ladder:Telemetry:TraceSampleRatio", 1.0);
        if (double.IsNaN(ratio) || ratio < 0 || ratio > 1)
        {
            throw new InvalidOperationException($"Ladder:Telemetry:TraceSampleRatio must be between 0 and 1, not {ratio}.");
        }

        return ratio;
    }

    /// <summary>Below 1, a root span is kept with that probability and its children follow their parent
    /// (so a sampled message is traced end to end across nodes, bus and archive).</summary>
    public static IResourceBuilder<ProjectResource> WithTraceSampling(this IResourceBuilder<ProjectResource> project, double ratio)
    {
        if (ratio >= 1)
        {
            return project;
        }

        // Added after Aspire's own OTEL_* variables, so these win.
        return project
            .WithEnvironment("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
            .WithEnvironment("OTEL_TRACES_SAMPLER_ARG", ratio.ToString(CultureInfo.InvariantCulture));
    }
}
