namespace Ladder.Client.Internal;

internal enum ServerFrameKind
{
    Unknown,
    Welcome,
    Joined,
    Message,
    Left,
    Synced,
    Truncated,
    Ack,
    Deleted,
    Presence,
    Typing,
    History,
    Pong,
    Error,
    Refreshed,
}
