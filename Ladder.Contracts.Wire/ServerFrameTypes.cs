namespace Ladder.Contracts.Wire;

/// <summary>The <c>type</c> values a server sends (protocol v1).</summary>
public static class ServerFrameTypes
{
    /// <summary><see cref="WelcomeFrame"/>.</summary>
    public const string Welcome = "welcome";
    /// <summary>v1.1: the answer to <c>refresh</c>.</summary>
    public const string Refreshed = "refreshed";
    /// <summary><see cref="JoinedFrame"/>.</summary>
    public const string Joined = "joined";
    /// <summary><see cref="MessageFrame"/>.</summary>
    public const string Message = "message";
    /// <summary><see cref="LeftFrame"/>.</summary>
    public const string Left = "left";
    /// <summary><see cref="SyncedFrame"/>.</summary>
    public const string Synced = "synced";
    /// <summary><see cref="TruncatedFrame"/>.</summary>
    public const string Truncated = "truncated";
    /// <summary><see cref="AckFrame"/>.</summary>
    public const string Ack = "ack";
    /// <summary><see cref="DeletedFrame"/>.</summary>
    public const string Deleted = "deleted";
    /// <summary><see cref="PresenceFrame"/>.</summary>
    public const string Presence = "presence";
    /// <summary><see cref="TypingFrame"/>.</summary>
    public const string Typing = "typing";
    /// <summary><see cref="HistoryFrame"/>.</summary>
    public const string History = "history";
    /// <summary><see cref="PongFrame"/>.</summary>
    public const string Pong = "pong";
    /// <summary><see cref="ErrorFrame"/>.</summary>
    public const string Error = "error";
}
