namespace Ladder.Contracts.Wire;

/// <summary>WebSocket close codes of protocol v1.</summary>
public static class CloseCodes
{
    public const int Normal = 1000;
    public const int PolicyViolation = 1008;
    public const int FrameTooLarge = 1009;
    public const int TokenExpired = 4001;
    public const int Kicked = 4003;
    public const int SlowConsumer = 4008;
    public const int Flood = 4029;
}
