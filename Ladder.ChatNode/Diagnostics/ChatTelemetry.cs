using System.Diagnostics;

namespace Ladder.ChatNode.Diagnostics;

/// <summary>The chat node's activity source (registered by ServiceDefaults under <c>Ladder.*</c>).</summary>
internal static class ChatTelemetry
{
    public const string Name = "Ladder.ChatNode";

    public static readonly ActivitySource Source = new(Name);
}
