namespace Ladder.Bench.Net;

/// <summary>Receives each whole frame of a connection on its receive loop; the span is only valid during the call.</summary>
public interface IFrameSink
{
    void OnFrame(WsConn connection, ReadOnlySpan<byte> frame);

    void OnClosed(WsConn connection, string reason);
}
