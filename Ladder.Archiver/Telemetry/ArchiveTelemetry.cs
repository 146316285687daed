using System.Diagnostics;

namespace Ladder.Archiver.Telemetry;

/// <summary>The archiver's own spans; the relay's continues the chat node's publish (W3C <c>traceparent</c> in NATS headers).</summary>
internal static class ArchiveTelemetry
{
    public static readonly ActivitySource Source = new("Ladder.Archiver");
}
