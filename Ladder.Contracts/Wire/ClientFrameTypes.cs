namespace Ladder.Contracts.Wire;

/// <summary>The <c>type</c> values a client may send (protocol v1).</summary>
public static class ClientFrameTypes
{
    public const string Hello = "hello";
    public const string Join = "join";
    public const string Leave = "leave";
    public const string Send = "send";
    public const string Typing = "typing";
    public const string History = "history";
    public const string Ping = "ping";
}
