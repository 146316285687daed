using System.Diagnostics;
using MassTransit;

namespace Ladder.Archiver.Telemetry;

/// <summary>
/// The trace a bus message belongs to. A batch is consumed under an activity of its own, so the traces of its messages
/// (each started by a chat node's publish) are continued explicitly: linked from the batch write, parent of any per-message
/// work.
/// </summary>
internal static class MessageTrace
{
    /// <summary>The header in which MassTransit carries the W3C trace context of a message.</summary>
    private const string ActivityIdHeader = "MT-Activity-Id";

    public static ActivityContext Of(ConsumeContext context) =>
        context.Headers.Get<string>(ActivityIdHeader) is { } traceParent
        && ActivityContext.TryParse(traceParent, null, isRemote: true, out var parsed)
            ? parsed
            : default;

    /// <summary>A span for the whole batch (child of the batch's consume span) linked to every message's trace.</summary>
    public static Activity? StartBatch<T>(string name, Batch<T> batch)
        where T : class
    {
        var links = batch
            .Select(item => Of(item))
            .Where(context => context != default)
            .Select(context => new ActivityLink(context))
            .ToList();
        var activity = ArchiveTelemetry.Source.StartActivity(name, ActivityKind.Internal, parentContext: default, links: links);
        activity?.SetTag("messaging.batch.message_count", batch.Length);
        return activity;
    }

    /// <summary>A span continuing one message's own trace.</summary>
    public static Activity? StartFor(string name, ConsumeContext context) =>
        ArchiveTelemetry.Source.StartActivity(name, ActivityKind.Internal, Of(context));
}
