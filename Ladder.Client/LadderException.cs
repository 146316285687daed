namespace Ladder.Client;

/// <summary>A refusal by the server (<see cref="Code"/> is a protocol error code) or a client that stopped.</summary>
public sealed class LadderException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Code used when the client stopped (disposed, kicked or banned) before an operation completed.</summary>
    public const string StoppedCode = "stopped";

    /// <summary>A protocol error code (<c>Ladder.Contracts.Wire.ErrorCodes</c>: <c>unauthorized</c>, <c>forbidden</c>,
    /// <c>too_large</c>…), or <see cref="StoppedCode"/>.</summary>
    public string Code { get; } = code;
}
