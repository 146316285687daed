namespace Ladder.Contracts.Wire;

/// <summary>Server → client <c>welcome</c>: sent once right after the upgrade, before anything else.</summary>
/// <param name="Protocol">The protocol version (1).</param>
/// <param name="Node">The node's name (which node the connection landed on).</param>
/// <param name="Session">This connection's id on the node (for logs).</param>
/// <param name="User">The authenticated user (the token's subject).</param>
public sealed record WelcomeFrame(int Protocol, string Node, string Session, string User)
{
    /// <summary>The frame's <c>type</c>: <c>"welcome"</c> (written first).</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ServerFrameTypes.Welcome;
}
