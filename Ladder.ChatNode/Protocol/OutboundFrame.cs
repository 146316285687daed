namespace Ladder.ChatNode.Protocol;

/// <summary>
/// A server frame encoded once: the same UTF-8 JSON bytes go to every recipient on every transport.
/// </summary>
/// <param name="type">The frame's <c>type</c>.</param>
/// <param name="utf8Json">The encoded frame.</param>
/// <param name="room">The room the frame is about, if any.</param>
/// <param name="seq">The seq the frame names: a message's seq, the seq a <c>deleted</c> removes, <c>synced.seq</c>,
/// <c>joined.head</c>; 0 otherwise.</param>
/// <param name="logSeq">The stream sequence of the log entry the frame carries (0 for frames not from the log);
/// what replay and live delivery are deduplicated by.</param>
internal sealed class OutboundFrame(string type, byte[] utf8Json, string? room = null, ulong seq = 0, ulong logSeq = 0)
{
    public string Type => type;

    public ReadOnlyMemory<byte> Utf8Json => utf8Json;

    public string? Room => room;

    public ulong Seq => seq;

    public ulong LogSeq => logSeq;

    public bool IsMessage => logSeq != 0 && ReferenceEquals(type, Ladder.Contracts.Wire.ServerFrameTypes.Message);
}
