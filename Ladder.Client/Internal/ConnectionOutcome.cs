namespace Ladder.Client.Internal;

/// <summary>How a connection ended: whether it got as far as welcome, whether to stop for good, whether to come back at once.</summary>
internal readonly record struct ConnectionOutcome(bool Welcomed, bool Terminal, bool Immediate, int? CloseCode, Exception? Error)
{
    public static ConnectionOutcome Failed(Exception? error) => new(false, false, false, null, error);
}
