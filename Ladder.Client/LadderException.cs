namespace Ladder.Client;

/// <summary>A refusal by the server (<see cref="Code"/> is a protocol error code) or a client that stopped.</summary>
public sealed class LadderException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Code used when the client stopped (disposed, kicked or banned) before an operation completed.</summary>
    public const string StoppedCode = "stopped";

    public string Code { get; } = code;
}
