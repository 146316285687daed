namespace Ladder.Bench.Net;

/// <summary>The few fields of a server frame the generator needs; text is an offset into the frame (no copy).</summary>
public struct FrameInfo
{
    public FrameKind Kind;
    public ulong Seq;
    public ulong Head;
    public int TextStart;
    public int TextLength;
}
