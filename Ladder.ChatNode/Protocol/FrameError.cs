namespace Ladder.ChatNode.Protocol;

/// <summary>Why a frame was refused: an error code of protocol v1 and a message for people.</summary>
internal sealed record FrameError(string Code, string Message, long? RetryAfterMs = null);
