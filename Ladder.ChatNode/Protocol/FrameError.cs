namespace Ladder.ChatNode.Protocol;

/// <summary>Why a frame was refused: an error code of the protocol and a message for people; a <c>forbidden</c>
/// refusal of a room also says why (<see cref="Ladder.Contracts.Wire.ForbiddenReasons"/>) and which room.</summary>
internal sealed record FrameError(string Code, string Message, long? RetryAfterMs = null, string? Reason = null, string? Room = null);
