namespace Ladder.ChatNode.Auth;

/// <summary>Browser origins the node serves (section <c>Chat</c>, the key <c>Chat:AllowedOrigins</c>): the WebSocket
/// and SSE Origin check and the CORS policy of the HTTP endpoints read the same list.</summary>
internal sealed record OriginOptions
{
    public const string Section = "Chat";

    /// <summary>Browser origins allowed to open <c>/ws</c> and <c>/sse</c> (cross-site WebSocket hijacking); the node's
    /// own origin only if listed ("same as Host" would let a DNS-rebinding page in).</summary>
    public string[] AllowedOrigins { get; init; } = [];
}
