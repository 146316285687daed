namespace Ladder.ChatNode.Configuration;

/// <summary>Who this node is and how often it reports to the admin console (section <c>Chat</c>, the keys
/// <c>Chat:NodeName</c>, <c>Chat:PublicUrl</c>, <c>Chat:StatsInterval</c>).</summary>
internal sealed record NodeOptions
{
    public const string Section = "Chat";

    /// <summary>Shown in <c>welcome.node</c>; the AppHost sets the resource name.</summary>
    public string NodeName { get; init; } = Environment.MachineName;

    /// <summary>The node's own base URL, shown by the admin console.</summary>
    public string PublicUrl { get; init; } = "";

    /// <summary>How often a node publishes its stats and refreshes its users' session listings for the admin console.</summary>
    public TimeSpan StatsInterval { get; init; } = TimeSpan.FromSeconds(2);
}
