namespace Ladder.Client;

/// <summary>A refusal by the server (<see cref="Code"/> is a protocol error code) or a client that stopped.</summary>
public sealed class LadderException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Code used when the client stopped (disposed, kicked or banned) before an operation completed.</summary>
    public const string StoppedCode = "stopped";

    /// <summary>A protocol error code (<c>Ladder.Contracts.Wire.ErrorCodes</c>: <c>unauthorized</c>, <c>forbidden</c>,
    /// <c>too_large</c>…), or <see cref="StoppedCode"/>.</summary>
    public string Code { get; } = code;

    /// <summary>For a <c>forbidden</c> refusal of a room (protocol v1.1): one of
    /// <c>Ladder.Contracts.Wire.ForbiddenReasons</c> (<c>grant_required</c>, <c>invalid_grant</c>…); null otherwise.</summary>
    public string? Reason { get; init; }

    /// <summary>The room the refusal is about, when the node named it (protocol v1.1).</summary>
    public string? Room { get; init; }

    internal static LadderException From(Contracts.Wire.ErrorFrame error) =>
        new(error.Code, error.Message) { Reason = error.Reason, Room = error.Room };
}
