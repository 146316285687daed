namespace Ladder.ChatNode.Transport;

/// <summary>The last event of an SSE stream that the server ends: the WebSocket close code it stands for.</summary>
internal sealed record SseClose(int Code, string Reason);
