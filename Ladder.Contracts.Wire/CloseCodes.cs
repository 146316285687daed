namespace Ladder.Contracts.Wire;

/// <summary>WebSocket close codes of protocol v1.</summary>
public static class CloseCodes
{
    /// <summary>Normal closure (the client or node closed on purpose).</summary>
    public const int Normal = 1000;
    /// <summary>Refused by policy (e.g. a foreign Origin or a closed room): do not reconnect.</summary>
    public const int PolicyViolation = 1008;
    /// <summary>A frame over the node's frame limit (64 KiB by default).</summary>
    public const int FrameTooLarge = 1009;
    /// <summary>The token expired during the session: reconnect at once with a fresh one.</summary>
    public const int TokenExpired = 4001;
    /// <summary>Kicked or banned by a moderator: do not reconnect.</summary>
    public const int Kicked = 4003;
    /// <summary>The client could not keep up with its rooms: resume from its lastKnownIds.</summary>
    public const int SlowConsumer = 4008;
    /// <summary>Too many frames too fast: resume after a pause.</summary>
    public const int Flood = 4029;
}
