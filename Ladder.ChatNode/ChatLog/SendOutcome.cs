using Ladder.ChatNode.Protocol;

namespace Ladder.ChatNode.ChatLog;

/// <summary>What became of a send, for either transport: stored (with its seq) or refused (with why).</summary>
internal readonly record struct SendOutcome(ulong Seq, bool Duplicate, FrameError? Error)
{
    public static SendOutcome Refused(FrameError error) => new(0, false, error);
}
