namespace Ladder.Bench.Net;

public enum FrameKind
{
    Other,
    Welcome,
    Joined,
    Message,
    Ack,
    Synced,
    Truncated,
    Error,
    Pong,
}
