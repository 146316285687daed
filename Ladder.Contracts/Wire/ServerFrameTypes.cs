namespace Ladder.Contracts.Wire;

/// <summary>The <c>type</c> values a server sends (protocol v1).</summary>
public static class ServerFrameTypes
{
    public const string Welcome = "welcome";
    public const string Joined = "joined";
    public const string Message = "message";
    public const string Left = "left";
    public const string Synced = "synced";
    public const string Truncated = "truncated";
    public const string Ack = "ack";
    public const string Deleted = "deleted";
    public const string Presence = "presence";
    public const string Typing = "typing";
    public const string History = "history";
    public const string Pong = "pong";
    public const string Error = "error";
}
