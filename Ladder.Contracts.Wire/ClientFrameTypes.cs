namespace Ladder.Contracts.Wire;

/// <summary>The <c>type</c> values a client may send (protocol v1).</summary>
public static class ClientFrameTypes
{
    /// <summary>Resume rooms after a reconnect (<see cref="HelloFrame"/>).</summary>
    public const string Hello = "hello";
    /// <summary>Join a room (<see cref="JoinFrame"/>).</summary>
    public const string Join = "join";
    /// <summary>Leave a room (<see cref="LeaveFrame"/>).</summary>
    public const string Leave = "leave";
    /// <summary>Post a message (<see cref="SendFrame"/>).</summary>
    public const string Send = "send";
    /// <summary>Is typing (<see cref="TypingFrame"/>).</summary>
    public const string Typing = "typing";
    /// <summary>Page older messages (<see cref="HistoryRequestFrame"/>).</summary>
    public const string History = "history";
    /// <summary>Keep-alive (<see cref="PingFrame"/>).</summary>
    public const string Ping = "ping";
    /// <summary>v1.1: a new token for the session.</summary>
    public const string Refresh = "refresh";
}
